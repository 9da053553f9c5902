using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Modeling;

/// <summary>
/// The difference between two models' log-loss on the same test customers, paired row by row, with its standard error.
/// On 1,401 customers two good models' log-losses differ by a few thousandths of a bit, about as much as the test rows
/// they happen to be scored on moves them; pairing the rows shows which differences this split can tell apart.
/// </summary>
/// <param name="Difference">Mean over the rows of (model's − reference's) log-loss, in bits (ML.NET's unit); negative
/// when the model is better.</param>
/// <param name="StandardError">Standard deviation of the per-row differences / √rows.</param>
public sealed record PairedLogLoss(double Difference, double StandardError)
{
    /// <summary>Pairs two scorings of the same rows, in the same order.</summary>
    /// <exception cref="ArgumentException">The scorings differ in length or in a row's label: they are not the same rows.</exception>
    public static PairedLogLoss Compare(IReadOnlyList<LabeledScore> model, IReadOnlyList<LabeledScore> reference)
    {
        if (model.Count != reference.Count || model.Count < 2)
            throw new ArgumentException($"Paired log-loss needs two scorings of the same rows (at least 2): got {model.Count} and {reference.Count} rows.");
        var differences = new double[model.Count];
        for (int i = 0; i < differences.Length; i++)
        {
            if (model[i].Churned != reference[i].Churned)
                throw new ArgumentException($"Paired log-loss: row {i} is labelled {model[i].Churned} in one scoring and {reference[i].Churned} in the other; they are not the same rows.");
            differences[i] = Loss(model[i]) - Loss(reference[i]);
        }
        double mean = differences.Average();
        double variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1);
        return new PairedLogLoss(mean, Math.Sqrt(variance / differences.Length));
    }

    /// <summary>−log₂ of the probability given to the row's label, clamped as the log-loss column clamps it
    /// (<see cref="BinaryTestMetrics.ProbabilityClamp"/>), so that the mean difference is the difference of its figures
    /// (to the last bits: the column sums ML.NET's −log(x, 2)) and stays finite when a probability is exactly 0 or 1.</summary>
    public static double Loss(LabeledScore row) =>
        -Math.Log2(Math.Clamp(row.Churned ? row.Probability : 1.0 - row.Probability, BinaryTestMetrics.ProbabilityClamp, 1 - BinaryTestMetrics.ProbabilityClamp));
}
