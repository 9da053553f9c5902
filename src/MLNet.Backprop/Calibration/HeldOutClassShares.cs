namespace MLNet.Backprop.Calibration;

/// <summary>Gives a hold-out drawn row by row the class shares of the rows it was drawn from. Streamed, micro-batch and
/// cluster fits hold rows out by a draw per row (<see cref="Integration.Data.TrainingSplit.HeldOutByRow"/>: no reader
/// sees every label, so it cannot be stratified), and a rare class' count in the hold-out then varies by its square
/// root (lending_club: 41 ± 6 defaults in a tenth of a fold). Platt scaling's intercept matches the mean probability to
/// the hold-out's own event rate, so that draw's error became the model's base rate (a micro-batch model's mean
/// probability 0.060–0.064 on a lending_club test fold whose rate is 0.053; one network in memory, whose stratified
/// hold-out has the data's shares, 0.051–0.054). Weighting each class' rows
/// by (its share of all the rows) ÷ (its share of the hold-out) is what stratification would have held out, in
/// expectation, for the label shares; the class totals of all the rows are known to every mode (the counting pass, a
/// cluster's manifest) without reading a label twice.</summary>
internal static class HeldOutClassShares
{
    /// <summary><paramref name="heldOut"/> with each row's weight multiplied by its class' factor π_c ÷ π̂_c, where π_c is
    /// the class' share of <paramref name="classTotals"/> (Σ example weights per label value of all the rows given to
    /// <c>Fit</c>) and π̂_c its share of the hold-out's example weights, both among the classes the hold-out holds (a class
    /// it lacks has no row to scale up). The hold-out's total weight is unchanged. Unchanged when a class of the hold-out
    /// has no positive weight there or in the totals.</summary>
    public static HeldOutScores Reweight(HeldOutScores heldOut, IReadOnlyDictionary<float, double> classTotals)
    {
        var held = new Dictionary<float, double>();
        for (int i = 0; i < heldOut.Labels.Length; i++)
        {
            float label = heldOut.Labels[i];
            held[label] = held.GetValueOrDefault(label) + (heldOut.Weights?[i] ?? 1f);
        }
        // Shares among the classes the hold-out holds: a class it lacks cannot be scaled up, the others still can.
        double total = held.Keys.Sum(c => classTotals.GetValueOrDefault(c)), heldTotal = held.Values.Sum();
        if (!(total > 0) || !(heldTotal > 0) || held.Any(h => !(h.Value > 0) || !(classTotals.GetValueOrDefault(h.Key) > 0))) return heldOut;
        var factors = held.ToDictionary(h => h.Key, h => classTotals[h.Key] / total / (h.Value / heldTotal));
        var weights = new float[heldOut.Labels.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)((heldOut.Weights?[i] ?? 1f) * factors[heldOut.Labels[i]]);
        return heldOut with { Weights = weights };
    }
}
