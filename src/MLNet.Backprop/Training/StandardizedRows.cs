using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>Rows of a source with the trainer's <see cref="Standardization"/> applied as they are gathered (the features'
/// map, then the label's: <see cref="StandardizedBatchSource"/>'s arithmetic, the in-memory loop's): the micro-batch
/// modes' rows. The single-process mode and every cluster worker wrap their rows in it with the same map, so both
/// compute the same bits.</summary>
/// <param name="source">The rows as given.</param>
/// <param name="map">The features' and the label's maps (either may be the identity).</param>
internal sealed class StandardizedRows(IRowSource source, Standardization map) : IRowSource
{
    public int RowCount => source.RowCount;

    public InputShape Inputs => source.Inputs;

    public int TargetWidth => source.TargetWidth;

    public bool HasWeights => source.HasWeights;

    public void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        source.Gather(rows, inputs, targets, weights);
        map.ApplyToFeatures(inputs, rows.Length);
        map.ApplyToTargets(targets[..(rows.Length * source.TargetWidth)]);
    }
}
