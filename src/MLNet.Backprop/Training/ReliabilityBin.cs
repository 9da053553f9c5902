namespace MLNet.Backprop.Training;

/// <summary>One bin of a reliability diagram: the rows whose predicted probability (binary: of the positive class;
/// multiclass: of the predicted class) falls in [<see cref="Lower"/>, <see cref="Upper"/>).</summary>
/// <param name="lower">The bin's lower edge.</param>
/// <param name="upper">The bin's upper edge (the last bin includes 1).</param>
/// <param name="meanPredicted">The rows' mean predicted probability (weighted); NaN for an empty bin.</param>
/// <param name="observedFrequency">How often the event happened among them (weighted); NaN for an empty bin.</param>
/// <param name="weight">The rows' total example weight (their count without a weight column).</param>
public sealed class ReliabilityBin(double lower, double upper, double meanPredicted, double observedFrequency, double weight)
{
    /// <summary>The bin's lower edge.</summary>
    public double Lower { get; } = lower;

    /// <summary>The bin's upper edge (the last bin includes 1).</summary>
    public double Upper { get; } = upper;

    /// <summary>The rows' mean predicted probability (weighted); NaN for an empty bin.</summary>
    public double MeanPredicted { get; } = meanPredicted;

    /// <summary>How often the event happened among them (weighted); NaN for an empty bin.</summary>
    public double ObservedFrequency { get; } = observedFrequency;

    /// <summary>The rows' total example weight (their count without a weight column).</summary>
    public double Weight { get; } = weight;
}
