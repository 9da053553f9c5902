using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// The training loss of the best constant prediction, the bar a network must beat to have learned anything from the
/// features (each loss states its own: <see cref="ILossFunction.BestConstantLoss"/>), from the counting pass and with
/// the weights training uses (balanced classes weigh the same).
/// </summary>
internal static class ConstantPredictionLoss
{
    /// <summary>The baseline for <paramref name="loss"/>, or null where it has no closed form (Huber) or no weight.</summary>
    public static double? Of(LossSpec loss, DataSummary summary, bool balanced)
    {
        if (!(summary.WeightSum > 0)) return null;
        var present = summary.ClassWeights.Where(c => c.Value > 0).ToArray();
        if (present.Length == 0 && summary.ClassWeights.Count > 0) return null;
        double total = present.Sum(c => c.Value);
        var shares = present.ToDictionary(c => c.Key, c => balanced ? 1.0 / present.Length : c.Value / total);
        return LossFunctions.Create(loss).BestConstantLoss(new TargetDistribution(shares, summary.LabelVariance));
    }
}
