using MLNet.Backprop;

namespace CreditRisk;

/// <summary>Out-of-fold probabilities of one trainer over every loan, and what they score.</summary>
public sealed record TrainerResult(string Name, float[] Probabilities, int[] Folds, bool[] Labels, double FitSeconds)
{
    public double PrAuc => DecisionThreshold.AveragePrecision(Probabilities, Labels);

    public double RocAuc
    {
        get
        {
            // Mann–Whitney: the share of (bad, good) pairs ordered correctly, ties ½.
            var order = Enumerable.Range(0, Labels.Length).OrderBy(i => Probabilities[i]).ToArray();
            double rankSum = 0;
            long positives = 0;
            for (int start = 0; start < order.Length;)
            {
                int end = start + 1;
                while (end < order.Length && Probabilities[order[end]] == Probabilities[order[start]]) end++;
                double rank = (start + 1 + end) / 2.0;
                for (int i = start; i < end; i++) if (Labels[order[i]]) { rankSum += rank; positives++; }
                start = end;
            }
            long negatives = Labels.Length - positives;
            return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        }
    }

    /// <summary>Mean negative log-likelihood in nats, probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public double LogLoss => RowLogLoss().Average();

    /// <summary>Each loan's negative log-likelihood in nats (clipped as <see cref="LogLoss"/>).</summary>
    public double[] RowLogLoss() => Labels.Select((y, i) =>
    {
        double p = Math.Clamp(Probabilities[i], 1e-15, 1 - 1e-15);
        return -(y ? Math.Log(p) : Math.Log(1 - p));
    }).ToArray();

    /// <summary>This trainer's log-loss minus <paramref name="reference"/>'s, paired loan by loan, and the standard error of
    /// that mean (sd of the differences / √loans). A rough guide: the folds' models share training loans, so the rows'
    /// differences are not independent.</summary>
    /// <exception cref="ArgumentException">The two results are not of the same loans (count or a label differs).</exception>
    public (double Difference, double StandardError) PairedLogLoss(TrainerResult reference)
    {
        if (reference.Labels.Length != Labels.Length || !reference.Labels.SequenceEqual(Labels))
            throw new ArgumentException($"{Name} and {reference.Name} were not scored on the same loans: paired log-loss needs the same rows in the same order.", nameof(reference));
        double[] own = RowLogLoss(), other = reference.RowLogLoss();
        var differences = own.Select((v, i) => v - other[i]).ToArray();
        double mean = differences.Average();
        double variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1);
        return (mean, Math.Sqrt(variance / differences.Length));
    }

    /// <summary>Expected calibration error over 10 equal-width bins: Σ (rows in bin / rows)·|mean probability − bad share|.</summary>
    public double Ece => Reliability().Sum(b => (double)b.Rows / Labels.Length * Math.Abs(b.MeanProbability - b.BadShare));

    /// <summary>The 10 equal-width bins of the probability: rows, mean predicted probability, observed bad share.</summary>
    public IReadOnlyList<(double Low, double High, int Rows, double MeanProbability, double BadShare)> Reliability()
    {
        var bins = new List<(double, double, int, double, double)>();
        for (int b = 0; b < 10; b++)
        {
            var rows = Enumerable.Range(0, Labels.Length).Where(i => Math.Min(9, (int)(Probabilities[i] * 10)) == b).ToArray();
            if (rows.Length == 0) continue;
            bins.Add((b / 10.0, (b + 1) / 10.0, rows.Length, rows.Average(i => Probabilities[i]), rows.Count(i => Labels[i]) / (double)rows.Length));
        }
        return bins;
    }

    /// <summary>The decision at the stated costs, without peeking: each fold's threshold is chosen on the other folds'
    /// rows, then applied to this fold; the counts are pooled over the folds.</summary>
    public ThresholdDecision Decide(double falseNegativeCost, double falsePositiveCost)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (int fold in Folds.Distinct())
        {
            var others = Enumerable.Range(0, Labels.Length).Where(i => Folds[i] != fold).ToArray();
            var chosen = DecisionThreshold.ChooseByCost(others.Select(i => Probabilities[i]).ToArray(), others.Select(i => Labels[i]).ToArray(),
                falseNegativeCost, falsePositiveCost);
            for (int i = 0; i < Labels.Length; i++)
            {
                if (Folds[i] != fold) continue;
                bool flagged = Probabilities[i] >= chosen.Threshold;
                if (flagged && Labels[i]) tp++; else if (flagged) fp++; else if (Labels[i]) fn++; else tn++;
            }
        }
        return new ThresholdDecision
        {
            Threshold = double.NaN, // one per fold
            TruePositives = tp, FalsePositives = fp, TrueNegatives = tn, FalseNegatives = fn,
            CostPerRow = (fn * falseNegativeCost + fp * falsePositiveCost) / Labels.Length,
        };
    }
}
