using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>The rows a trainer trains on, whichever way they are read: a batch source (in memory or streamed), the
/// held-out validation rows, and the summary of the one counting pass over the training rows.</summary>
internal sealed class TrainingSet(IBatchSource source, TrainingData? validation, DataSummary summary, ClassBalance? balance) : IDisposable
{
    public IBatchSource Source { get; } = source;

    public TrainingData? Validation { get; } = validation;

    public DataSummary Summary { get; } = summary;

    /// <summary>The balanced class weights applied by <see cref="Source"/>, or null.</summary>
    public ClassBalance? Balance { get; } = balance;

    public void Dispose() => (Source as IDisposable)?.Dispose();
}
