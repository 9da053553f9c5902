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
    public static double? Of(LossSpec loss, DataSummary summary, bool balanced) => Of(loss, summary, balanced ? 1 : 0);

    /// <param name="loss">The training loss.</param>
    /// <param name="summary">The counted training rows.</param>
    /// <param name="balanceExponent">The power of the balanced class weights training applies: 0 unweighted, 1
    /// Balanced (every class the same share of the loss), ½ SquareRoot (class c's share ∝ √n_c).</param>
    public static double? Of(LossSpec loss, DataSummary summary, double balanceExponent)
    {
        if (!(summary.WeightSum > 0)) return null;
        var present = summary.ClassWeights.Where(c => c.Value > 0).ToArray();
        if (present.Length == 0 && summary.ClassWeights.Count > 0) return null;
        double total = present.Sum(c => c.Value);
        double weighted = present.Sum(c => Math.Pow(c.Value, 1 - balanceExponent));
        var shares = present.ToDictionary(c => c.Key, c => balanceExponent switch
        {
            1 => 1.0 / present.Length,
            0 => c.Value / total,
            _ => Math.Pow(c.Value, 1 - balanceExponent) / weighted,
        });
        return LossFunctions.Create(loss).BestConstantLoss(new TargetDistribution(shares, summary.LabelVariance));
    }
}
