using System.Globalization;
using System.Text;

namespace MLNet.Backprop.Experiments;

/// <summary>What <see cref="BackpropTuner.Tune"/> found: the best options and every trial.</summary>
public sealed class TuningResult
{
    internal TuningResult(string metric, IReadOnlyList<TuningTrial> trials, TuningTrial best, int folds)
    {
        Metric = metric;
        Trials = trials;
        Best = best;
        Folds = folds;
    }

    /// <summary>The cross-validation metric (a <see cref="SweepMetrics"/> name: AUC, MacroAccuracy or R2; higher is better).</summary>
    public string Metric { get; }

    /// <summary>Number of cross-validation folds.</summary>
    public int Folds { get; }

    /// <summary>Every trial, in the order they were drawn.</summary>
    public IReadOnlyList<TuningTrial> Trials { get; }

    /// <summary>The trial with the best mean score among those scored on the most folds.</summary>
    public TuningTrial Best { get; }

    /// <summary>A copy of the best trial's options, ready for <c>new BackpropTrainer(ml, options)</c> on all the training data.</summary>
    public BackpropTrainer.Options BestOptions => Best.Options.Clone();

    /// <summary>A plain-text table, one line per trial: its settings ("-" for one it did not draw), the folds scored, the mean and standard deviation
    /// of the fold scores, the time, and "best" or why it stopped.</summary>
    public string ToTable()
    {
        // Every trial's settings, in the order first seen: a searched encoding labels only the trials that drew it.
        var names = Trials.SelectMany(t => t.Settings.Keys).Distinct().ToList();
        var header = new List<string> { "#" };
        header.AddRange(names);
        header.AddRange(["Folds", Metric, "Std", "Time", "Status"]);
        var rows = Trials.Select(t =>
        {
            var cells = new List<string> { t.Index.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(names.Select(n => t.Settings.TryGetValue(n, out var value) ? value : "-"));
            cells.Add(t.FoldScores.Count.ToString(CultureInfo.InvariantCulture));
            cells.Add(double.IsNaN(t.Score) ? "-" : t.Score.ToString("F4", CultureInfo.InvariantCulture));
            cells.Add(t.FoldScores.Count > 1 && t.Error is null ? StandardDeviation(t.FoldScores).ToString("F4", CultureInfo.InvariantCulture) : "-");
            cells.Add(t.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s");
            cells.Add(t == Best ? "best" : t.Error is not null ? "failed" : t.FoldScores.Count < Folds ? $"stopped after {t.FoldScores.Count}" : "");
            return cells.ToArray();
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append(string.Join("  ", cells.Select((c, i) => i == 0 || i > names.Count && i < cells.Count - 1 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        Line(header);
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in rows) Line(row);
        return text.ToString();
    }

    /// <summary>The table (<see cref="ToTable"/>).</summary>
    public override string ToString() => ToTable();

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
