using System.Globalization;
using System.Text;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Quality.Diagnosis;

/// <summary>The reports of <c>--findings</c>: a Markdown table (one row per fit, its findings in brief, then each
/// finding in full with its evidence) and a CSV with one line per finding (or per fit without one).</summary>
public static class FindingsReport
{
    /// <summary>The CSV header.</summary>
    public const string Header = "set,trainer,epochs,best_epoch,stop,kind,severity,layer,column,epoch,message,evidence";

    /// <summary>The Markdown report.</summary>
    public static string Markdown(IReadOnlyList<DiagnosedRun> runs, int folds, int seed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Diagnosis of default fits\n\nOne fit per set and MLP column on the training part of fold 1 of {folds} (seed {seed}; a fixed split's training file). ");
        text.Append(CultureInfo.InvariantCulture, $"{runs.Count(r => r.Diagnosis is { Findings.Count: 0 })} of {runs.Count} fits without a finding.\n\n");
        text.Append("| Set | Trainer | Epochs (best) | Stop | Final loss train / validation | Findings |\n|---|---|---|---|---|---|\n");
        foreach (var run in runs)
        {
            if (run.Error is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {run.Set} | {run.Trainer} | | | | error: {Cell(run.Error)} |\n");
                continue;
            }
            var history = run.History!;
            var last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;
            string losses = last is null ? "" : $"{last.TrainingLoss:G4} / {(last.ValidationLoss is double v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-")}";
            string findings = run.Diagnosis!.Findings.Count == 0 ? "none" : string.Join("; ", run.Diagnosis.Findings.Select(Brief));
            text.Append(CultureInfo.InvariantCulture, $"| {run.Set} | {run.Trainer} | {history.Epochs.Count} ({history.BestEpoch}) | {history.StopReason} | {losses} | {findings} |\n");
        }
        var detailed = runs.Where(r => r.Diagnosis is { Findings.Count: > 0 }).ToList();
        if (detailed.Count > 0) text.Append("\n## Findings in full\n");
        foreach (var run in detailed)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {run.Set} / {run.Trainer}\n\n");
            foreach (var finding in run.Diagnosis!.Findings)
                text.Append("- ").Append(Cell(finding.ToString())).Append(" Evidence: ").Append(Evidence(finding)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The CSV: one line per finding, or one line with an empty kind for a fit without findings (or failed, its
    /// error in <c>message</c>).</summary>
    public static string Csv(IReadOnlyList<DiagnosedRun> runs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var run in runs)
        {
            var history = run.History;
            string prefix = string.Create(CultureInfo.InvariantCulture,
                $"{run.Set},{run.Trainer},{history?.Epochs.Count.ToString(CultureInfo.InvariantCulture)},{history?.BestEpoch.ToString(CultureInfo.InvariantCulture)},{history?.StopReason}");
            if (run.Diagnosis is not { Findings.Count: > 0 } diagnosis)
            {
                text.Append(prefix).Append(",,,,,,").Append(Quote(run.Error ?? "")).Append(",\n");
                continue;
            }
            foreach (var f in diagnosis.Findings)
                text.Append(prefix).Append(CultureInfo.InvariantCulture, $",{f.Kind},{f.Severity},{f.Layer},{Quote(f.Column ?? "")},{f.Epoch},")
                    .Append(Quote(f.Message)).Append(',').Append(Quote(Evidence(f))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The header of the per-epoch CSV.</summary>
    public const string EpochsHeader = "set,trainer,epoch,training_loss,validation_loss,learning_rate,layer,gradient_norm_mean,weight_norm,update_ratio,dead_unit_share,saturated_share,gradient_rms";

    /// <summary>The curves a finding is judged by: one line per fit, epoch and layer with the losses and the layer's
    /// statistics (the saturated and dead shares the unit checks read, the gradient RMS per value the vanishing-gradient
    /// check reads).</summary>
    public static string EpochsCsv(IReadOnlyList<DiagnosedRun> runs)
    {
        var text = new StringBuilder(EpochsHeader).Append('\n');
        foreach (var run in runs)
            foreach (var epoch in run.History?.Epochs ?? [])
                foreach (var layer in epoch.Layers)
                    text.Append(CultureInfo.InvariantCulture,
                        $"{run.Set},{run.Trainer},{epoch.Epoch},{epoch.TrainingLoss:R},{epoch.ValidationLoss:R},{epoch.LearningRate:R},{layer.Layer},{layer.GradientNormMean:R},{layer.WeightNorm:R},{layer.UpdateRatio:R},{layer.DeadUnitShare:R},{layer.SaturatedShare:R},{layer.GradientRms:R}\n");
        return text.ToString();
    }

    private static string Brief(Finding f)
    {
        var where = new[] { f.Layer is int l ? $"layer {l}" : null, f.Column is { } c ? c : null, f.Epoch is int e ? $"epoch {e}" : null }.Where(s => s is not null);
        return $"{f.Kind} ({f.Severity}{string.Concat(where.Select(w => ", " + w))})";
    }

    private static string Evidence(Finding f) => f.Evidence.Count == 0 ? "-"
        : string.Join(" ", f.Evidence.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:G4}")));

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') || value.Contains('\n')
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
