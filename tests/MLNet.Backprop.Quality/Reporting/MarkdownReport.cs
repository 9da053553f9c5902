using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>
/// The Markdown report: the run's settings, the quality table (sets × trainers, mean ± std, best per row in bold), the
/// fit-time table, the headline summary, the paired differences with a reference column and the errors.
/// </summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The report's text.</summary>
    /// <param name="table">The aggregated results.</param>
    /// <param name="shapes">Per set, a short description of its rows and columns.</param>
    /// <param name="run">How the run was made.</param>
    /// <param name="reference">The key of the column the Paired differences section subtracts (see
    /// <see cref="PairedDifference.ReferenceOf"/>).</param>
    public static string Write(ResultTable table, IReadOnlyDictionary<string, string> shapes, RunInfo run, string reference)
    {
        var md = new StringBuilder();
        WriteHeader(md, table, run);
        WriteQuality(md, table, shapes);
        WriteFitTimes(md, table);
        WriteSummary(md, table, Summary.Of(table));
        PairedDifferencesSection.Write(md, table, reference);
        WriteErrors(md, table);
        return md.ToString();
    }

    private static void WriteHeader(StringBuilder md, ResultTable table, RunInfo run)
    {
        md.AppendLine("# MLNet.Backprop quality benchmark").AppendLine();
        string seeds = run.Seeds.Count == 1
            ? $"seed {run.Seeds[0]}"
            : $"repeated with each of the {run.Seeds.Count} fold seeds {SeedList.Format(run.Seeds)} (each seed its own folds and MLContext seeds; mean ± std and fit times are over all {run.Folds * run.Seeds.Count} folds of all seeds)";
        string once = run.Seeds.Count == 1 ? "" : $" with seed {run.Seeds[0]}";
        md.AppendLine(Invariant, $"- Data: `{run.DataDirectory}`. {run.Folds}-fold cross-validation, {seeds}, stratified by class (classification) or by sorted-target bins of k rows (regression); fixed splits (`telco_churn`, the sparse sets): the train/test split, no CV, run once{once}.");
        md.AppendLine("- Featurizer (fitted on the training rows only): numeric columns → ReplaceMissingValues (mean); text and "
            + "declared-categorical columns → OneHotEncoding; Concatenate → NormalizeMeanVariance("
            + (run.Center ? "fixZero: false, i.e. centred" : "ML.NET default fixZero: true, i.e. scaled, not centred") + "); "
            + $"the wide sparse sets ({string.Join(", ", DataSetCatalog.Sparse)}): free text → FeaturizeText (ML.NET's defaults), "
            + "no normalizer (their n-grams and one-hot ids as ML.NET gives them).");
        md.AppendLine("- Every trainer with its own defaults (only the label and feature column names given); a fresh MLContext(seed) per fit.");
        md.AppendLine("- Fit time: wall time of the whole pipeline's Fit (featurizer + trainer), mean over folds" + (run.Seeds.Count > 1 ? " of all seeds" : "")
            + (run.Warmup ? ", after one untimed warm-up fit per trainer and task (JIT)." : ", no warm-up (fold 1 includes JIT)."));
        md.AppendLine(Invariant, $"- Machine: {Environment.ProcessorCount} logical cores; load during the run: {run.Load}; total run time {run.Elapsed:h\\:mm\\:ss}.");
        string? omp = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        md.AppendLine(omp is null
            ? "- OMP_WAIT_POLICY unset: LightGbm's OpenMP threads spin while waiting; on a machine loaded beyond its cores this inflates LightGbm's fit times several-fold (set OMP_WAIT_POLICY=PASSIVE there)."
            : $"- OMP_WAIT_POLICY={omp} (LightGbm's OpenMP threads).");
        if (run.ReusedFrom is not null)
            md.AppendLine(Invariant, $"- Columns marked \"reused\" were not trained in this run: their fold results (fit times included, measured under that run's load) come from `{run.ReusedFrom}`.");
        md.AppendLine("- Columns:");
        foreach (var t in table.Trainers) md.AppendLine(Invariant, $"  - **{t.Title}**: {t.Description}");
        md.AppendLine();
    }

    private static void WriteQuality(StringBuilder md, ResultTable table, IReadOnlyDictionary<string, string> shapes)
    {
        md.AppendLine("## Quality (mean ± std over folds; best per row in bold)").AppendLine();
        md.AppendLine("| set | task | data | metric | " + string.Join(" | ", table.Trainers.Select(t => t.Title)) + " |");
        md.AppendLine("|---|---|---|---|" + string.Concat(table.Trainers.Select(_ => "---:|")));
        foreach (var set in table.Sets)
            foreach (var metric in Metric.For(set.Task))
            {
                var cells = table.Trainers.Select(t => table.Quality(set.Name, t.Key, metric)).ToList();
                var shown = cells.Select(c => c.Ok ? Format(c.Mean) : null).ToList();
                var best = BestOf(cells, metric);
                var texts = cells.Select((c, i) => !c.Ok ? "error" : (best is not null && shown[i] == Format(best.Value) ? $"**{QualityText(c)}**" : QualityText(c)));
                string direction = metric.Ideal is double ideal ? $" (closest to {ideal.ToString(Invariant)} is best)" : metric.HigherIsBetter ? "" : " (lower is better)";
                md.AppendLine(Invariant, $"| {set.Name} | {set.Task.ToString().ToLowerInvariant()} | {shapes.GetValueOrDefault(set.Name, "")} | {metric.Title}{direction} | {string.Join(" | ", texts)} |");
            }
        md.AppendLine();
    }

    private static void WriteFitTimes(StringBuilder md, ResultTable table)
    {
        var mlps = table.Trainers.Where(t => t.IsMlp).ToList();
        bool ratios = table.Trainers.Any(t => t.Key == StandardTrainers.LightGbm);
        md.AppendLine("## Fit time (mean seconds per fold, whole pipeline Fit)").AppendLine();
        var header = table.Trainers.Select(t => t.Title).Concat(ratios ? mlps.Select(m => $"{m.Title} ÷ LightGbm") : []).ToList();
        md.AppendLine("| set | " + string.Join(" | ", header) + " |");
        md.AppendLine("|---|" + string.Concat(header.Select(_ => "---:|")));
        foreach (var set in table.Sets)
        {
            var cells = table.Trainers.Select(t => table.FitTime(set.Name, t.Key)).ToList();
            var texts = cells.Select(c => c.Ok ? c.Mean.ToString("F3", Invariant) : "error").ToList();
            if (ratios)
            {
                var reference = table.FitTime(set.Name, StandardTrainers.LightGbm);
                texts.AddRange(mlps.Select(m => table.FitTime(set.Name, m.Key) is { Ok: true } fit && reference.Ok && reference.Mean > 0
                    ? Ratio(fit.Mean / reference.Mean) : "–"));
            }
            md.AppendLine(Invariant, $"| {set.Name} | {string.Join(" | ", texts)} |");
        }
        md.AppendLine();
    }

    private static void WriteSummary(StringBuilder md, ResultTable table, Summary summary)
    {
        md.AppendLine("## Summary").AppendLine();
        md.AppendLine("Primary metric: AUC (binary), macro-accuracy (multiclass), R² (regression); every set of the run counts, "
            + "the churn split included.").AppendLine();
        foreach (var s in summary.Mlps)
        {
            md.AppendLine(Invariant, $"**{s.Mlp.Title}**").AppendLine();
            foreach (var comparison in new[] { s.VsLinear, s.VsLightGbm, s.VsDefault })
                if (comparison is { } c)
                    md.AppendLine(Invariant, $"- vs {c.Reference}: mean ≥ {c.Reference}'s on **{c.AtLeast} of {c.Sets}** sets; median over sets of ({s.Mlp.Title} − {c.Reference}) **{c.MedianDifference:+0.0000;-0.0000;0.0000}**.");
            if (s.ChurnAuc is { } churn)
                md.AppendLine(Invariant, $"- Telco churn test AUC: **{churn:F4}**{ChurnReferences(table)}.");
            if (s.WorstRatio is { } worst)
                md.AppendLine(Invariant, $"- Fit time ÷ LightGbm's: worst **{Ratio(worst.Ratio)}** ({worst.Set}), median {Ratio(Stats.Median(s.FitRatios.Select(r => r.Ratio)))} (per set in the fit-time table).");
            if (s.VsLinear is null && s.VsLightGbm is null && s.VsDefault is null && s.ChurnAuc is null)
                md.AppendLine("- Nothing to compare with: run the linear, lightgbm or default mlp column too.");
            md.AppendLine();
        }
        if (summary.RankedSets > 0)
        {
            md.AppendLine(Invariant, $"Mean rank in the primary metric over {summary.RankedSets} sets (1 = best; ties share; a failed cell ranks last):").AppendLine();
            md.AppendLine("| trainer | mean rank |").AppendLine("|---|---:|");
            foreach (var (trainer, rank) in summary.MeanRanks.OrderBy(r => r.MeanRank))
                md.AppendLine(Invariant, $"| {trainer.Title} | {rank:F2} |");
            md.AppendLine();
        }
    }

    private static string ChurnReferences(ResultTable table)
    {
        var telco = table.Sets.FirstOrDefault(s => s.Name == DataSetCatalog.TelcoChurn);
        if (telco is null) return "";
        var others = table.Trainers.Where(t => !t.IsMlp && table.Primary(telco, t.Key) is not null)
            .Select(t => string.Create(Invariant, $"{t.Title} {table.Primary(telco, t.Key):F4}")).ToList();
        return others.Count == 0 ? "" : $" ({string.Join(", ", others)})";
    }

    private static void WriteErrors(StringBuilder md, ResultTable table)
    {
        var failures = table.Results.Where(r => r.Failed).ToList();
        if (failures.Count == 0) return;
        md.AppendLine("## Errors").AppendLine();
        foreach (var f in failures) md.AppendLine(Invariant, $"- {f.Set} / {f.Trainer} / seed {f.Seed} fold {f.Fold}: {f.Error}");
        md.AppendLine();
    }

    private static double? BestOf(IReadOnlyList<Cell> cells, Metric metric)
    {
        var ok = cells.Where(c => c.Ok && !double.IsNaN(c.Mean)).Select(c => c.Mean).ToList();
        if (ok.Count == 0) return null;
        return metric.Ideal is double ideal ? ok.MinBy(v => Math.Abs(v - ideal)) : metric.HigherIsBetter ? ok.Max() : ok.Min();
    }

    private static string QualityText(Cell cell) => double.IsNaN(cell.Std) ? Format(cell.Mean) : $"{Format(cell.Mean)} ± {Format(cell.Std)}";

    // Two significant digits or more: 0.012×, 0.25×, 3.4×, 27×.
    private static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "F0" : ratio >= 1 ? "F1" : ratio >= 0.1 ? "F2" : "F3", Invariant) + "×";

    private static string Format(double value) => value.ToString("F4", Invariant);
}
