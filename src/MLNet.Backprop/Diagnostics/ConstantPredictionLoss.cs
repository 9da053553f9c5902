using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// The training loss of the best constant prediction, the bar a network must beat to have learned anything from the
/// features: for binary cross-entropy the entropy of the (weighted) positive share, for softmax cross-entropy the
/// entropy of the class shares, for squared error the variance of the targets. Computed from the counting pass, with
/// the weights training uses (balanced classes weigh the same).
/// </summary>
internal static class ConstantPredictionLoss
{
    /// <summary>The baseline for <paramref name="loss"/>, or null where it has no closed form (Huber) or no weight.</summary>
    public static double? Of(LossFunction loss, DataSummary summary, bool balanced)
    {
        switch (loss)
        {
            case LossFunction.BinaryCrossEntropy or LossFunction.SoftmaxCrossEntropy:
            {
                // A class's share of the training weight: equal shares once balanced.
                var weights = summary.ClassWeights.Values.Where(w => w > 0).ToArray();
                double total = weights.Sum();
                if (!(total > 0)) return null;
                double[] shares = weights.Select(w => balanced ? 1.0 / weights.Length : w / total).ToArray();
                if (loss == LossFunction.BinaryCrossEntropy)
                    return summary.ClassWeights.GetValueOrDefault(1f) > 0 ? Entropy(balanced ? shares[0] : summary.ClassWeights[1f] / total) : 0;
                return -shares.Sum(p => p * Math.Log(p));
            }
            case LossFunction.MeanSquaredError when summary.WeightSum > 0:
                return summary.LabelVariance;
            default:
                return null;
        }
    }

    private static double Entropy(double p) => p <= 0 || p >= 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
}
