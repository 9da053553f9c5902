namespace MLNet.Backprop.Training;

/// <summary>
/// Balanced class weights: class c's examples weigh n / (K·n_c) times their own weight (scikit-learn's "balanced"), so
/// each class contributes equally to the loss. Applied to the rows as the batches are gathered, in memory and streaming
/// alike.
/// </summary>
internal sealed class ClassBalance(IReadOnlyDictionary<float, double> classWeights)
{
    private readonly IReadOnlyDictionary<float, double> _classWeights = classWeights;
    private readonly double _total = classWeights.Values.Sum();

    /// <summary>Σ of the example weights per class, in the order the total is summed (a distributed run sends them).</summary>
    public IReadOnlyDictionary<float, double> ClassWeights => _classWeights;

    /// <summary>The balanced weight of a row of class <paramref name="label"/> with example weight <paramref name="weight"/>.</summary>
    public float Weight(float label, float weight) => (float)(weight * _total / (_classWeights.Count * _classWeights[label]));
}
