using System.Globalization;
using System.Text;

namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// The <c>--targets</c> report as text: a table (set, each trainer's mean, gap to the best, fit ÷ LightGbm's), then the
/// mean ranks, "ahead of lightgbm: k/n", the sets behind by more than 0.02 and those slower than 3×. The layout and digits
/// are those of the script the figures were first printed with, so its outputs and this one can be diffed.
/// </summary>
public static class TargetsText
{
    /// <summary>The report's lines, each ending in a newline.</summary>
    public static string Write(TargetsReport report)
    {
        var text = new StringBuilder();
        text.Append($"{"set",-14} ").Append(string.Join(' ', report.Trainers.Select(t => (t.Length > 10 ? t[..10] : t).PadLeft(10))))
            .Append("   gap   fit/lgbm\n");
        foreach (var row in report.Rows)
            text.Append($"{row.Set,-14} ").Append(string.Join(' ', row.Means.Select(m => PythonFixed.Format(m, 4, 10))))
                .Append($"  {PythonFixed.Format(row.Gap, 4, 6)}  {PythonFixed.Format(row.FitRatio, 2, 5)}\n");
        text.Append("mean rank: ").AppendJoin(", ", report.Trainers.Select((t, i) => $"{t} {PythonFixed.Format(report.MeanRanks[i], 2)}")).Append('\n');
        text.Append($"ahead of {TargetsReport.Baseline}: {report.Ahead}/{report.ComparedWithBaseline.Count}\n");
        text.Append($"behind > {Invariant(TargetsReport.BehindBy)}: ").Append(ListOrNone(report.Behind.Select(r => $"{r.Set} {PythonFixed.Format(r.Gap, 3)}"))).Append('\n');
        text.Append($"fit > {Invariant(TargetsReport.SlowerBy)}x {TargetsReport.Baseline}: ").Append(ListOrNone(report.Slow.Select(r => $"{r.Set} {PythonFixed.Format(r.FitRatio, 1)}x"))).Append('\n');
        return text.ToString();
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ListOrNone(IEnumerable<string> items) => string.Join(", ", items) is { Length: > 0 } list ? list : "none";
}
