using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>
/// The report's "Paired differences" section: per set and metric, every other column minus the reference column over
/// the folds both have (<see cref="PairedDifference"/>), so that a difference can be read against its fold-to-fold noise.
/// </summary>
public static class PairedDifferencesSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Appends the section to <paramref name="md"/>; nothing when the run has a single column.</summary>
    public static void Write(StringBuilder md, ResultTable table, string reference)
    {
        var referenceTitle = table.Trainers.First(t => t.Key == reference).Title;
        var others = table.Trainers.Where(t => t.Key != reference).ToList();
        if (others.Count == 0) return;
        md.AppendLine(Invariant, $"## Paired differences (each column − {referenceTitle}, fold by fold)").AppendLine();
        md.AppendLine("Per set and metric: the mean over paired folds (same seed, same fold) of (column − " + referenceTitle + ") ± its "
            + "standard error (sample sd of the differences ÷ √n), and on how many of the n folds the column is better "
            + "(higher AUC, macro-accuracy, R²; lower log-loss, ECE, RMSE). Folds a trainer failed, or without the metric, are "
            + "left out; a fixed split is one pair, shown without SE. The folds of one seed share training rows (each row "
            + "is in k − 1 of their training sets) and the seeds share the data, so the differences are not independent: the SE is a rough "
            + "guide to the noise, not a test.").AppendLine();
        md.AppendLine("| set | metric | " + string.Join(" | ", others.Select(t => $"{t.Title} − {referenceTitle} | better")) + " |");
        md.AppendLine("|---|---|" + string.Concat(others.Select(_ => "---:|---:|")));
        foreach (var set in table.Sets)
        {
            var referenceRows = table.Results.Where(r => r.Set == set.Name && r.Trainer == reference).ToList();
            foreach (var metric in PairedDifference.MetricsFor(set.Task))
            {
                var cells = others.Select(t => PairedDifference.Of(table.Results.Where(r => r.Set == set.Name && r.Trainer == t.Key), referenceRows, metric))
                    .Select(d => d is null ? "– | –" : $"{Text(d)} | {d.Better}/{d.Pairs}");
                md.AppendLine(Invariant, $"| {set.Name} | {metric.Title} | {string.Join(" | ", cells)} |");
            }
        }
        md.AppendLine();
    }

    private static string Text(PairedDifference d)
    {
        string mean = d.Mean.ToString("+0.0000;-0.0000;0.0000", Invariant);
        return d.HasStandardError ? $"{mean} ± {d.StandardError.ToString("F4", Invariant)}" : mean;
    }
}
