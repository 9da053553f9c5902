using System.Globalization;
using System.Text;

namespace MLNet.Backprop.Experiments;

/// <summary>The runs of an <see cref="ExperimentSweep"/>, in grid order, and a comparison table of them.</summary>
public sealed class SweepResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="axisNames">The names of the sweep's axes, in order.</param>
    /// <param name="runs">The runs, in grid order.</param>
    public SweepResult(IReadOnlyList<string> axisNames, IReadOnlyList<SweepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(axisNames);
        ArgumentNullException.ThrowIfNull(runs);
        AxisNames = axisNames;
        Runs = runs;
    }

    /// <summary>The names of the sweep's axes, in order (the table's first columns).</summary>
    public IReadOnlyList<string> AxisNames { get; }

    /// <summary>Every run, in grid order.</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>The successful run with the best primary test metric (<see cref="SweepMetrics.Primary"/>), or null if none succeeded.</summary>
    public SweepRun? Best()
    {
        var ok = Runs.Where(r => r.Succeeded && !double.IsNaN(r.Metric(SweepMetrics.Primary(r.Task).Name))).ToList();
        if (ok.Count == 0) return null;
        var (name, higher) = SweepMetrics.Primary(ok[0].Task);
        return higher ? ok.MaxBy(r => r.Metric(name)) : ok.MinBy(r => r.Metric(name));
    }

    /// <summary>
    /// A plain-text table, one line per run: the axis values, the test metrics, the final training and validation
    /// losses, epochs run, the kept (best) epoch, the fit time and the findings (kind and severity initial, or
    /// "DIVERGED" for a failed run). Columns are aligned with spaces; numbers are right-aligned.
    /// </summary>
    public string ToTable()
    {
        var metricNames = Runs.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        var header = new List<string> { "#" };
        header.AddRange(AxisNames);
        header.AddRange(metricNames);
        header.AddRange(["TrainLoss", "ValLoss", "Epochs", "Best", "Time", "Findings"]);
        int numericFrom = 1 + AxisNames.Count, numericTo = header.Count - 2; // metrics … Time are right-aligned

        var rows = new List<string[]>();
        foreach (var run in Runs)
        {
            var cells = new List<string> { run.Configuration.Index.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(AxisNames.Select(a => run.Settings.TryGetValue(a, out var v) ? v : ""));
            cells.AddRange(metricNames.Select(m => run.Metrics.TryGetValue(m, out double v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-"));
            cells.Add(Loss(run.FinalTrainingLoss));
            cells.Add(run.FinalValidationLoss is double vl ? Loss(vl) : "-");
            cells.Add(run.Epochs.ToString(CultureInfo.InvariantCulture));
            cells.Add(run.BestEpoch.ToString(CultureInfo.InvariantCulture));
            cells.Add(run.FitTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s");
            cells.Add(Findings(run));
            rows.Add([.. cells]);
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var parts = cells.Select((c, i) => i >= numericFrom && i <= numericTo || i == 0 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            text.Append(string.Join("  ", parts).TrimEnd()).Append('\n');
        }
        Line(header);
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in rows) Line(row);
        return text.ToString();
    }

    /// <summary>The table (<see cref="ToTable"/>).</summary>
    public override string ToString() => ToTable();

    private static string Loss(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    private static string Findings(SweepRun run)
    {
        if (!run.Succeeded) return "DIVERGED";
        if (run.Diagnosis.Findings.Count == 0) return "none";
        return string.Join(", ", run.Diagnosis.Findings
            .GroupBy(f => f.Kind)
            .Select(g => $"{g.Key}({g.Max(f => f.Severity).ToString()[0]})"));
    }
}
