using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>Rows of a source with their labels standardised as they are gathered (<see cref="Standardization.ApplyToTargets"/>,
/// the in-memory loop's arithmetic), the features as given: the micro-batch modes' rows under
/// <see cref="BackpropTrainer.Options.StandardizeLabel"/>. The single-process mode and every cluster worker wrap their rows
/// in it with the same map, so both compute the same bits.</summary>
/// <param name="source">The rows as given.</param>
/// <param name="label">The label map (its feature map is not applied: these modes train on the features as given).</param>
internal sealed class StandardizedLabelRows(IRowSource source, Standardization label) : IRowSource
{
    public int RowCount => source.RowCount;

    public InputShape Inputs => source.Inputs;

    public int TargetWidth => source.TargetWidth;

    public bool HasWeights => source.HasWeights;

    public void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        source.Gather(rows, inputs, targets, weights);
        label.ApplyToTargets(targets[..(rows.Length * source.TargetWidth)]);
    }
}
