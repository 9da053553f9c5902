using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Mini-batches of another source with the trainer's <see cref="Standardization"/> applied as they are
/// gathered, so that rows in memory are never copied and streamed rows need no second pass.</summary>
internal sealed class StandardizedBatchSource(IBatchSource inner, Standardization standardization) : IBatchSource, IDisposable
{
    public InputShape Inputs => inner.Inputs;

    public int TargetWidth => inner.TargetWidth;

    public bool HasWeights => inner.HasWeights;

    public long? Rows => inner.Rows;

    public void UseThreads(int threads) => inner.UseThreads(threads);

    public void BeginEpoch(Rng? rng) => inner.BeginEpoch(rng);

    public int Next(InputBatch inputs, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        int count = inner.Next(inputs, targets, weights, capacity, out last);
        standardization.ApplyToFeatures(inputs, count);
        standardization.ApplyToTargets(targets.Slice(0, count * TargetWidth));
        return count;
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
