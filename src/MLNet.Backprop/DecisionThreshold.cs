using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop;

/// <summary>
/// Chooses a binary classifier's decision threshold on scored validation rows: from the costs of the two errors, or
/// from a target recall or precision. Exact: the rows are sorted once by score and every distinct score is tried as a
/// threshold (plus "flag nobody"), so the result is the best threshold on those rows, not an approximation on a grid.
/// </summary>
/// <example>
/// <code>
/// using MLNet.Backprop;
///
/// // Validation rows scored by a binary classifier (model.Transform(validation) has Label and Probability columns;
/// // the IDataView overloads read them), here as arrays.
/// float[] probability = [0.9f, 0.5f, 0.4f, 0.1f];
/// bool[] defaulted = [true, false, true, false];
/// // A missed default costs 10, a refused good loan costs 1.
/// var decision = DecisionThreshold.ChooseByCost(probability, defaulted, falseNegativeCost: 10, falsePositiveCost: 1);
/// Console.WriteLine($"flag at p >= {decision.Threshold:F3}: {decision.Flagged} flagged, recall {decision.Recall:P0}, " +
///     $"cost per 1,000 rows {decision.CostPerThousand:F1}");
/// </code>
/// </example>
public static class DecisionThreshold
{
    /// <summary>The threshold with the least expected cost FN·<paramref name="falseNegativeCost"/> +
    /// FP·<paramref name="falsePositiveCost"/> on <paramref name="scored"/> (ties: the higher threshold, fewer flagged).</summary>
    /// <param name="scored">Scored rows: a Boolean label column and a Single score column (a probability or a raw score).</param>
    /// <param name="falseNegativeCost">Cost of a missed positive; in [0, 1e30].</param>
    /// <param name="falsePositiveCost">Cost of a false alarm; in [0, 1e30]; the two costs may not both be 0.</param>
    /// <param name="labelColumnName">The label column. Default "Label".</param>
    /// <param name="scoreColumnName">The score column. Default "Probability"; "Score" works as well (same ordering).</param>
    public static ThresholdDecision ChooseByCost(IDataView scored, double falseNegativeCost, double falsePositiveCost,
        string labelColumnName = "Label", string scoreColumnName = "Probability")
    {
        var (scores, labels) = Read(scored, labelColumnName, scoreColumnName);
        return ChooseByCost(scores, labels, falseNegativeCost, falsePositiveCost);
    }

    /// <summary>As <see cref="ChooseByCost(IDataView, double, double, string, string)"/> on arrays (one score and one
    /// label per row).</summary>
    public static ThresholdDecision ChooseByCost(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double falseNegativeCost, double falsePositiveCost)
    {
        CheckCost(falseNegativeCost, nameof(falseNegativeCost));
        CheckCost(falsePositiveCost, nameof(falsePositiveCost));
        if (falseNegativeCost == 0 && falsePositiveCost == 0)
            throw new ArgumentException("falseNegativeCost and falsePositiveCost are both 0: every threshold costs nothing; give at least one positive cost.", nameof(falseNegativeCost));
        var sweep = Sweep.Of(scores, labels);
        int best = 0;
        double bestCost = double.PositiveInfinity;
        for (int k = 0; k < sweep.Count; k++)
        {
            double cost = sweep.FalseNegatives(k) * falseNegativeCost + sweep.FalsePositives[k] * falsePositiveCost;
            if (cost < bestCost) { bestCost = cost; best = k; }
        }
        return sweep.Decision(best, falseNegativeCost, falsePositiveCost);
    }

    /// <summary>The highest threshold (fewest rows flagged) whose recall on <paramref name="scored"/> is ≥
    /// <paramref name="targetRecall"/>.</summary>
    /// <param name="scored">Scored rows: a Boolean label column and a Single score column.</param>
    /// <param name="targetRecall">The share of positives to catch; in (0, 1].</param>
    /// <param name="labelColumnName">The label column. Default "Label".</param>
    /// <param name="scoreColumnName">The score column. Default "Probability".</param>
    public static ThresholdDecision ChooseByRecall(IDataView scored, double targetRecall, string labelColumnName = "Label", string scoreColumnName = "Probability")
    {
        var (scores, labels) = Read(scored, labelColumnName, scoreColumnName);
        return ChooseByRecall(scores, labels, targetRecall);
    }

    /// <summary>As <see cref="ChooseByRecall(IDataView, double, string, string)"/> on arrays.</summary>
    public static ThresholdDecision ChooseByRecall(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double targetRecall)
    {
        if (!(targetRecall > 0 && targetRecall <= 1))
            throw new ArgumentOutOfRangeException(nameof(targetRecall), targetRecall, $"targetRecall is {targetRecall}; it must be in (0, 1].");
        var sweep = Sweep.Of(scores, labels);
        for (int k = 0; k < sweep.Count; k++)
            if (sweep.TruePositives[k] >= targetRecall * sweep.Positives - 1e-9 * sweep.Positives) return sweep.Decision(k, 0, 0);
        return sweep.Decision(sweep.Count - 1, 0, 0); // flag everyone: recall 1 — unreachable, kept for safety
    }

    /// <summary>The lowest threshold (most positives caught) whose precision on <paramref name="scored"/> is ≥
    /// <paramref name="targetPrecision"/>; throws when no threshold that flags anyone reaches it.</summary>
    /// <param name="scored">Scored rows: a Boolean label column and a Single score column.</param>
    /// <param name="targetPrecision">The share of flagged rows that must be positive; in (0, 1].</param>
    /// <param name="labelColumnName">The label column. Default "Label".</param>
    /// <param name="scoreColumnName">The score column. Default "Probability".</param>
    public static ThresholdDecision ChooseByPrecision(IDataView scored, double targetPrecision, string labelColumnName = "Label", string scoreColumnName = "Probability")
    {
        var (scores, labels) = Read(scored, labelColumnName, scoreColumnName);
        return ChooseByPrecision(scores, labels, targetPrecision);
    }

    /// <summary>As <see cref="ChooseByPrecision(IDataView, double, string, string)"/> on arrays.</summary>
    public static ThresholdDecision ChooseByPrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double targetPrecision)
    {
        if (!(targetPrecision > 0 && targetPrecision <= 1))
            throw new ArgumentOutOfRangeException(nameof(targetPrecision), targetPrecision, $"targetPrecision is {targetPrecision}; it must be in (0, 1].");
        var sweep = Sweep.Of(scores, labels);
        double bestPrecision = 0;
        for (int k = sweep.Count - 1; k >= 1; k--)
        {
            double precision = (double)sweep.TruePositives[k] / (sweep.TruePositives[k] + sweep.FalsePositives[k]);
            if (precision >= targetPrecision - 1e-12) return sweep.Decision(k, 0, 0);
            bestPrecision = Math.Max(bestPrecision, precision);
        }
        throw new ArgumentException($"No threshold reaches precision {targetPrecision}; the best any threshold reaches on these {sweep.Rows} rows is {bestPrecision:G4}.", nameof(targetPrecision));
    }

    /// <summary>Average precision (the area under the precision–recall curve as a step function, as scikit-learn's
    /// average_precision_score): Σ over distinct thresholds of (recall gained) × precision. Higher is better; a random
    /// ranking gives the positive share.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var sweep = Sweep.Of(scores, labels);
        double sum = 0;
        for (int k = 1; k < sweep.Count; k++)
        {
            long gained = sweep.TruePositives[k] - sweep.TruePositives[k - 1];
            if (gained > 0) sum += gained * ((double)sweep.TruePositives[k] / (sweep.TruePositives[k] + sweep.FalsePositives[k]));
        }
        return sum / sweep.Positives;
    }

    /// <summary>The largest cost: only the two costs' ratio decides the threshold, and beyond it the cost of a few
    /// thousand million errors could overflow to ∞ (every threshold would then cost the same).</summary>
    private const double MaxCost = 1e30;

    private static void CheckCost(double cost, string name)
    {
        if (!(cost >= 0 && cost <= MaxCost))
            throw new ArgumentOutOfRangeException(name, cost, $"{name} is {cost}; a cost must be finite, ≥ 0 and at most {MaxCost:G3}" +
                (double.IsFinite(cost) && cost > 0 ? " (only the two costs' ratio decides the threshold: divide both by a common factor)." : "."));
    }

    private static (float[] Scores, bool[] Labels) Read(IDataView scored, string labelColumnName, string scoreColumnName)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var label = scored.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"The scored data has no label column '{labelColumnName}'.", nameof(labelColumnName));
        var score = scored.Schema.GetColumnOrNull(scoreColumnName)
            ?? throw new ArgumentException($"The scored data has no score column '{scoreColumnName}'.{WhatTheDataIs(scored.Schema)}", nameof(scoreColumnName));
        if (label.Type != BooleanDataViewType.Instance)
            throw new ArgumentException($"Label column '{labelColumnName}' is {label.Type}; Boolean was expected.{WhatTheDataIs(scored.Schema)}", nameof(labelColumnName));
        if (score.Type != NumberDataViewType.Single)
            throw new ArgumentException($"Score column '{scoreColumnName}' is {score.Type}; Single was expected.{WhatTheDataIs(scored.Schema)}", nameof(scoreColumnName));
        var scores = new List<float>();
        var labels = new List<bool>();
        using var cursor = scored.GetRowCursor([label, score]);
        var getLabel = cursor.GetGetter<bool>(label);
        var getScore = cursor.GetGetter<float>(score);
        bool l = false;
        float s = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref l);
            getScore(ref s);
            labels.Add(l);
            scores.Add(s);
        }
        return (scores.ToArray(), labels.ToArray());
    }

    /// <summary>What the data is when its columns do not fit: most often another task's output, or the rows before
    /// <c>Transform</c>, which the column names alone do not tell the caller.</summary>
    private static string WhatTheDataIs(DataViewSchema schema)
    {
        const string Binary = " DecisionThreshold chooses a binary classifier's threshold (a Boolean label and a Single Probability or Score).";
        if (schema.GetColumnOrNull("Score") is not { } score)
            return " The data has no Score column either: pass the scored rows, model.Transform(data), not the data itself.";
        if (score.Type is VectorDataViewType)
            return " Its Score column is a vector: a multiclass model's output, which needs no threshold (the predicted class has the highest score)." + Binary;
        if (schema.GetColumnOrNull("PredictedLabel") is null)
            return " It has a Score column but no PredictedLabel: a regression model's output." + Binary;
        return "";
    }

    /// <summary>Counts at every distinct threshold, highest first: index 0 is "flag nobody" (+∞), index k flags the rows
    /// with the k highest distinct scores.</summary>
    private sealed class Sweep
    {
        public required double[] Thresholds { get; init; }
        public required long[] TruePositives { get; init; }
        public required long[] FalsePositives { get; init; }
        public long Positives { get; init; }
        public long Rows { get; init; }
        public int Count => Thresholds.Length;

        public long FalseNegatives(int k) => Positives - TruePositives[k];

        public static Sweep Of(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
        {
            if (scores.Length != labels.Length)
                throw new ArgumentException($"{scores.Length} scores and {labels.Length} labels; one of each per row was expected.", nameof(labels));
            if (scores.Length == 0) throw new ArgumentException("No rows to choose a threshold on.", nameof(scores));
            long positives = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                if (float.IsNaN(scores[i])) throw new ArgumentException($"The score of row {i} is NaN; every row needs a score.", nameof(scores));
                // +∞ is the threshold that flags nobody: a row scored +∞ would be flagged by it.
                if (float.IsInfinity(scores[i]))
                    throw new ArgumentException($"The score of row {i} is {scores[i]}; every row needs a finite score (a probability or a raw score).", nameof(scores));
                if (labels[i]) positives++;
            }
            if (positives == 0) throw new ArgumentException($"None of the {scores.Length} rows is positive; recall and the cost of a missed positive are undefined.", nameof(labels));
            if (positives == scores.Length) throw new ArgumentException($"All {scores.Length} rows are positive; a threshold needs negatives too.", nameof(labels));
            var order = new int[scores.Length];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            var keys = scores.ToArray();
            Array.Sort(keys, order);
            var thresholds = new List<double> { double.PositiveInfinity };
            var tp = new List<long> { 0 };
            var fp = new List<long> { 0 };
            long t = 0, f = 0;
            for (int end = keys.Length; end > 0;)
            {
                int start = end - 1;
                while (start > 0 && keys[start - 1] == keys[end - 1]) start--;
                for (int i = start; i < end; i++)
                    if (labels[order[i]]) t++; else f++;
                thresholds.Add(keys[start]);
                tp.Add(t);
                fp.Add(f);
                end = start;
            }
            return new Sweep { Thresholds = thresholds.ToArray(), TruePositives = tp.ToArray(), FalsePositives = fp.ToArray(), Positives = positives, Rows = scores.Length };
        }

        public ThresholdDecision Decision(int k, double falseNegativeCost, double falsePositiveCost) => new()
        {
            Threshold = Thresholds[k],
            TruePositives = TruePositives[k],
            FalsePositives = FalsePositives[k],
            TrueNegatives = Rows - Positives - FalsePositives[k],
            FalseNegatives = FalseNegatives(k),
            CostPerRow = (FalseNegatives(k) * falseNegativeCost + FalsePositives[k] * falsePositiveCost) / Rows,
        };
    }
}
