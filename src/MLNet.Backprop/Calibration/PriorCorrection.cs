namespace MLNet.Backprop.Calibration;

/// <summary>The exact undoing of class weighting. With class weights w_c the weighted cross-entropy is minimised where
/// the model's odds are the data's odds × w_pos / w_neg (binary), or its softmax logits the data's log-probabilities
/// + log w_c + a constant (multiclass); subtracting log(w_pos / w_neg), or log w_c, restores the data's prior.</summary>
internal static class PriorCorrection
{
    /// <summary>The offsets for class weights <paramref name="weights"/> (one per class; binary: [w_neg, w_pos]).</summary>
    public static float[] Offsets(IReadOnlyList<double> weights, BackpropTask task)
    {
        if (task == BackpropTask.BinaryClassification) return [(float)-Math.Log(weights[1] / weights[0])];
        return weights.Select(w => (float)-Math.Log(w)).ToArray();
    }

    /// <summary>The class weights <see cref="ClassWeighting.Balanced"/> gives classes whose rows weigh
    /// <paramref name="classTotals"/> in all: n / (K·n_c), as <see cref="Training.ClassBalance"/> applies them (to the
    /// power <paramref name="exponent"/>: ½ for <see cref="ClassWeighting.SquareRoot"/>).</summary>
    public static double[] BalancedWeights(IReadOnlyDictionary<float, double> classTotals, int classes, double exponent = 1)
    {
        double total = classTotals.Values.Sum();
        // A class absent from the rows has no weight in the loss: it gets 1 (no correction).
        return Enumerable.Range(0, classes).Select(c => classTotals.TryGetValue(c, out double n) ? Power(total / (classTotals.Count * n), exponent) : 1.0).ToArray();
    }

    /// <summary>The offsets that move a model of the data's class shares π_c (<paramref name="classTotals"/> over their
    /// sum) to equal shares: − log π_c + a constant per logit (the constant log(1/K) cancels in the softmax), or
    /// − log(π_pos / π_neg) for the binary logit. They are the opposite of the correction of Balanced weights, whose
    /// weights n / (K·n_c) are 1 / (K·π_c). A class absent from the rows gets 0.</summary>
    public static float[] EqualPriorOffsets(IReadOnlyDictionary<float, double> classTotals, int outputs, BackpropTask task)
    {
        int classes = task == BackpropTask.BinaryClassification ? 2 : outputs;
        return Offsets(BalancedWeights(classTotals, classes), task).Select(o => -o).ToArray();
    }

    private static double Power(double factor, double exponent) => exponent == 1 ? factor : Math.Pow(factor, exponent);
}
