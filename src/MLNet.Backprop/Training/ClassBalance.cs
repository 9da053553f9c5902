namespace MLNet.Backprop.Training;

/// <summary>
/// Balanced class weights: class c's examples weigh n / (K·n_c) times their own weight (scikit-learn's "balanced"), so
/// each class contributes equally to the loss. Applied to the rows as the batches are gathered, in memory and streaming
/// alike.
/// </summary>
/// <param name="classWeights">Σ of the example weights per class.</param>
/// <param name="exponent">The power of the balanced factor: 1 for <see cref="ClassWeighting.Balanced"/>, ½ for
/// <see cref="ClassWeighting.SquareRoot"/>.</param>
internal sealed class ClassBalance(IReadOnlyDictionary<float, double> classWeights, double exponent = 1)
{
    private readonly IReadOnlyDictionary<float, double> _classWeights = classWeights;
    private readonly double _total = classWeights.Values.Sum();

    /// <summary>Σ of the example weights per class, in the order the total is summed (a distributed run sends them).</summary>
    public IReadOnlyDictionary<float, double> ClassWeights => _classWeights;

    /// <summary>The power of the balanced factor n / (K·n_c).</summary>
    public double Exponent => exponent;

    /// <summary>The balanced weight of a row of class <paramref name="label"/> with example weight <paramref name="weight"/>.</summary>
    public float Weight(float label, float weight) => exponent == 1
        ? (float)(weight * _total / (_classWeights.Count * _classWeights[label]))
        : (float)(weight * Math.Pow(_total / (_classWeights.Count * _classWeights[label]), exponent));
}
