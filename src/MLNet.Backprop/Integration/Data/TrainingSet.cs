using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>The rows one network trains on, whichever way they are read: mini-batches for the default loop, rows by
/// index for the local micro-batch mode (when this process holds them as given), their layout, the held-out validation
/// rows, and the summary of the training rows.</summary>
/// <param name="Batches">Mini-batches (in memory or streamed, standardised as they are gathered), or null when a
/// backend's workers read the rows.</param>
/// <param name="Rows">The rows by index, unstandardised (the micro-batch modes standardise them as they gather them,
/// <see cref="StandardizedRows"/>), or null when this process does not hold them in memory.</param>
/// <param name="Layout">The rows' size and shape.</param>
/// <param name="Validation">The validation rows (standardised as training sees its rows), or null.</param>
/// <param name="Summary">The counting pass over the training rows (after the hold-out; of all the rows given to <c>Fit</c>
/// after a row-by-row hold-out, <see cref="NetworkRowsRequest.ByRow"/>). The training rows' count is the layout's.</param>
/// <param name="Balance">The balanced class weights the rows carry, or null.</param>
internal sealed record TrainingSet(IBatchSource? Batches, IRowSource? Rows, RowLayout Layout, TrainingData? Validation, DataSummary Summary,
    ClassBalance? Balance) : IDisposable
{
    /// <summary>The row-by-row hold-out a backend's workers must draw to serve these training rows, or null.</summary>
    public RowHoldOut? RowHoldOut { get; init; }

    public void Dispose() => (Batches as IDisposable)?.Dispose();
}
