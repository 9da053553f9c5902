using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using MLNet.Backprop.Training;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>The report of one training run: a summary, the metrics, the findings, the early-stopping curve with the
/// kept epoch, every network of an ensemble, the plots, the options with what the automatic ones resolved to, and the
/// epochs.</summary>
internal static class RunReport
{
    public static string Build(TrainingHistory history, BackpropModel? model, TrainingDiagnosis? diagnosis, BackpropTrainer.Options? options,
        IReadOnlyDictionary<string, double>? metrics, string title, string? summary)
    {
        var histories = model?.NetworkHistories ?? [history];
        bool ensemble = histories.Count > 1;
        var contents = new List<(string, string)>();
        if (metrics is { Count: > 0 }) contents.Add(("metrics", "Metrics"));
        if (diagnosis is not null) contents.Add(("findings", "Findings"));
        contents.Add(("early-stopping", "Early stopping"));
        if (history.Calibration is not null) contents.Add(("calibration", "Calibration"));
        if (ensemble) contents.Add(("networks", "Networks"));
        contents.Add(("plots", "Plots"));
        bool embeddings = EmbeddingSection.Applies(history, model);
        if (embeddings) contents.Add(("embeddings", "Embeddings"));
        contents.Add(("settings", "Settings"));
        contents.Add(("epochs", "Epochs"));

        var html = new StringBuilder();
        Begin(html, title, contents);
        if (summary is not null) Paragraph(html, summary, "summary");
        Paragraph(html, Outcome(history, histories), "summary");
        html.Append("</header>\n");

        if (metrics is { Count: > 0 })
        {
            Section(html, "metrics", "Metrics");
            KeyValues(html, metrics.Select(m => (m.Key, Readable.GivenMetric(m.Value))));
            EndSection(html);
        }
        if (diagnosis is not null)
        {
            Section(html, "findings", "Findings");
            Findings.List(html, diagnosis);
            EndSection(html);
        }

        Section(html, "early-stopping", "Early stopping");
        Paragraph(html, EarlyStoppingText(history));
        var curve = model is not null ? TrainingPlots.EarlyStopping(model) : TrainingPlots.LossCurves(history);
        Image(html, curve, model is not null ? $"{Capitalized(TrainingPlots.WatchedName(history))} by epoch{(ensemble ? ", one line per network" : "")}, the kept epoch marked"
            : "Training and validation loss by epoch, the kept epoch marked");
        EndSection(html);

        if (history.Calibration is { } calibration)
        {
            Section(html, "calibration", "Calibration");
            Calibration(html, calibration);
            EndSection(html);
        }

        if (ensemble)
        {
            Section(html, "networks", $"Networks ({histories.Count}, averaged)");
            Paragraph(html, "Each network trains on its own seed and its own hold-out and stops on its own; the model averages their outputs. " +
                "The plots, the epochs and the diagnosis below are network 1's (the others record losses and metrics only).");
            Networks(html, histories);
            EndSection(html);
        }

        Section(html, "plots", ensemble ? "Plots (network 1)" : "Plots");
        Image(html, TrainingPlots.LossCurves(history), "Loss: training (solid) and validation (dashed) by epoch");
        Image(html, TrainingPlots.GradientFlow(history), "Gradient flow: each layer's gradient L2 norm by epoch, log scale (solid: mean over the epoch's batches, dashed: largest)");
        if (TrainingPlots.HasHistograms(history)) Image(html, TrainingPlots.GradientHistograms(history), "Gradient-magnitude histograms per layer");
        Image(html, TrainingPlots.DeadUnits(history), "Dead units: share of each hidden layer's units never active in the epoch");
        EndSection(html);

        if (embeddings)
        {
            Section(html, "embeddings", ensemble ? "Embeddings (network 1)" : "Embeddings");
            EmbeddingSection.Write(html, history, model);
            EndSection(html);
        }

        Section(html, "settings", "Settings");
        Settings(html, options, model, history.Settings);
        EndSection(html);

        Section(html, "epochs", ensemble ? "Epochs (network 1)" : "Epochs");
        Epochs.Tables(html, history);
        EndSection(html);
        End(html);
        return html.ToString();
    }

    /// <summary>One consistent sentence on how the run ended and how long it took.</summary>
    private static string Outcome(TrainingHistory history, IReadOnlyList<TrainingHistory> histories)
    {
        string ended = history.StopReason switch
        {
            StopReason.EarlyStopped => $"Stopped early after {history.Epochs.Count} epochs",
            StopReason.Diverged => $"Diverged in epoch {history.Epochs.Count + 1}",
            _ => $"Trained all {history.Epochs.Count} epochs",
        };
        string kept = history.BestEpoch > 0 ? $"; kept the weights of epoch {history.BestEpoch}" : "";
        // An ensemble's networks train side by side on the available threads; each records its own time, none the
        // whole Fit's, so the one total is their sum (what the training cost), with the range.
        string time = histories.Count > 1
            ? $"training time {Readable.Time(TimeSpan.FromTicks(histories.Sum(h => h.Elapsed.Ticks)))} summed over the {histories.Count} networks " +
              $"({Readable.Time(histories.Min(h => h.Elapsed))} to {Readable.Time(histories.Max(h => h.Elapsed))} each, trained side by side on the available threads)"
            : $"training time {Readable.Time(history.Elapsed)}";
        return ended + kept + " · " + time + ".";
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string EarlyStoppingText(TrainingHistory history)
    {
        string watched = TrainingPlots.WatchedName(history);
        var best = history.Epochs.FirstOrDefault(e => e.Epoch == history.BestEpoch);
        string at = best is null ? "" : $" ({watched} {Readable.Metric(TrainingPlots.Watched(best))})";
        return (history.StopReason, history.Settings?.EarlyStoppingPatience) switch
        {
            (StopReason.EarlyStopped, int p) => $"Training stopped after epoch {history.Epochs.Count}: the {watched} had not improved for {p} epochs since epoch {history.BestEpoch}{at}, whose weights the model keeps.",
            (StopReason.EarlyStopped, _) => $"Training stopped early after epoch {history.Epochs.Count}; the model keeps epoch {history.BestEpoch}{at}.",
            (StopReason.Diverged, _) => $"Training diverged; the model keeps the last sound epoch, {history.BestEpoch}{at}.",
            (_, int p) => $"All {history.Epochs.Count} epochs ran without {p} epochs of no improvement; the model keeps epoch {history.BestEpoch}{at}.",
            _ => $"No early stopping: all {history.Epochs.Count} epochs ran and the model keeps epoch {history.BestEpoch}{at}.",
        };
    }

    /// <summary>How the probabilities are calibrated, the hold-out's log-loss and ECE before and after, and the
    /// reliability diagram with its bins.</summary>
    private static void Calibration(StringBuilder html, CalibrationReport report)
    {
        Paragraph(html, $"Probabilities: {report.Method}." + (report.Note is { } note ? " " + note : ""));
        if (report.Rows == 0)
        {
            Paragraph(html, "No hold-out rows: the calibration is not measured (set ValidationFraction or pass validation data to Fit).", "auto");
            return;
        }
        Paragraph(html, $"On the {Readable.Count(report.Rows)} hold-out rows (network 1): log-loss {Readable.Metric(report.LogLossBefore)} before, " +
            $"{Readable.Metric(report.LogLossAfter)} after; expected calibration error ({CalibrationReport.BinCount} equal-width bins) " +
            $"{Readable.Metric(report.ExpectedCalibrationErrorBefore)} before, {Readable.Metric(report.ExpectedCalibrationErrorAfter)} after.");
        Image(html, TrainingPlots.Reliability(report), "Reliability diagram: each bin's mean predicted probability against the observed frequency on the hold-out rows, the marker's area by its rows; the dotted diagonal is perfect calibration");
        // An empty bin has no mean and no frequency (the bins hold NaN): said in words, not printed as a figure.
        var rows = report.Bins.Select(b => (IReadOnlyList<string>)
        [
            $"{Readable.Number(b.Lower)}–{Readable.Number(b.Upper)}",
            b.Weight > 0 ? Readable.Metric(b.MeanPredicted) : "no rows",
            b.Weight > 0 ? Readable.Metric(b.ObservedFrequency) : "–",
            Readable.Number(b.Weight),
        ]);
        Table(html, "reliability", ["predicted", "mean predicted", "observed", "rows"], rows, numeric: c => c > 0, caption: "Reliability bins (hold-out)");
    }

    private static void Networks(StringBuilder html, IReadOnlyList<TrainingHistory> histories)
    {
        string watched = TrainingPlots.WatchedName(histories[0]);
        var header = new[] { "network", "seed", "epochs", "stop", "kept epoch", $"{watched} (kept)", "validation loss (kept)", "training time" };
        var rows = histories.Select((h, n) =>
        {
            var kept = h.Epochs.FirstOrDefault(e => e.Epoch == h.BestEpoch);
            return (IReadOnlyList<string>)
            [
                (n + 1).ToString(CultureInfo.InvariantCulture),
                h.Settings?.Seed.ToString(CultureInfo.InvariantCulture) ?? "–",
                h.Epochs.Count.ToString(CultureInfo.InvariantCulture),
                h.StopReason.ToString(),
                h.BestEpoch.ToString(CultureInfo.InvariantCulture),
                kept is null ? "–" : Readable.Metric(TrainingPlots.Watched(kept)),
                Readable.Metric(kept?.ValidationLoss),
                Readable.Time(h.Elapsed),
            ];
        });
        Table(html, "networks", header, rows, numeric: c => c != 3);
    }

    /// <summary>The options, each automatic one with what it resolved to for this data; without the options, what the
    /// history recorded.</summary>
    private static void Settings(StringBuilder html, BackpropTrainer.Options? options, BackpropModel? model, TrainingSettings? settings)
    {
        if (settings is not null)
            Paragraph(html, $"Trained on {Readable.Count(settings.TrainingRows)} rows" +
                (settings.ValidationRows > 0 ? $", validated on {Readable.Count(settings.ValidationRows)}" +
                    (settings.HoldOutFraction > 0 ? $" held out ({Readable.Percent(settings.HoldOutFraction)} of the training data)" : " given to Fit") : ", without validation data") + ".");
        if (options is null)
        {
            if (settings is not null) KeyValues(html, Recorded(settings));
            else Paragraph(html, "The options were not given to the report, and this history does not record its settings.", "auto");
            return;
        }
        Paragraph(html, "“auto →” shows what an automatic option resolved to for this data (network 1).", "auto");
        var rows = new List<(string, string)>();
        foreach (var property in typeof(BackpropTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var type = property.PropertyType;
            if (type == typeof(CancellationToken) || typeof(Delegate).IsAssignableFrom(type)) continue;
            rows.Add((property.Name, Resolved(property.Name, property.GetValue(options), model, settings) ?? InputStage(property.Name, property.GetValue(options), options, settings) ?? Value(property.GetValue(options))));
        }
        KeyValues(html, rows);
    }

    /// <summary>"auto → …" for an option left to the trainer, or null to show the value as set.</summary>
    private static string? Resolved(string option, object? value, BackpropModel? model, TrainingSettings? s) => option switch
    {
        nameof(BackpropTrainer.Options.Task) when value is BackpropTask.Auto && model is not null => $"Auto → {model.Task}",
        nameof(BackpropTrainer.Options.Loss) when value is null && model is not null => $"auto → {model.Loss}",
        nameof(BackpropTrainer.Options.NumberOfEpochs) when value is null && s is not null => $"auto → at most {s.MaximumEpochs}",
        nameof(BackpropTrainer.Options.EarlyStoppingPatience) when value is null && s is not null =>
            s.EarlyStoppingPatience is int p ? $"auto → {p} epochs" : "auto → none (a set number of epochs)",
        nameof(BackpropTrainer.Options.ValidationFraction) when value is null && s is not null =>
            s.HoldOutFraction > 0 ? $"auto → {Readable.Number(s.HoldOutFraction)} ({Readable.Count(s.ValidationRows)} rows)"
            : s.ValidationRows > 0 ? $"auto → none (validation data given, {Readable.Count(s.ValidationRows)} rows)" : "auto → none",
        nameof(BackpropTrainer.Options.Initialization) when value is WeightInitialization.Auto && s is not null => $"Auto → {s.Initialization}",
        nameof(BackpropTrainer.Options.Seed) when value is null && s is not null => $"random → {s.Seed}",
        // The micro-batch and cluster modes train one network unless EnsembleSize is set: the default 4 is not what trained.
        nameof(BackpropTrainer.Options.EnsembleSize) when value is int size && model is not null && model.Networks.Count != size =>
            $"{size} → {model.Networks.Count} network{(model.Networks.Count == 1 ? "" : "s")} (with MicroBatchSize: one unless EnsembleSize is set)",
        nameof(BackpropTrainer.Options.NumberOfThreads) when value is 0 => $"0 → all {Environment.ProcessorCount} cores of this machine",
        nameof(BackpropTrainer.Options.DiagnosisThresholds) when value is null => "default",
        _ => null,
    };

    private static IEnumerable<(string, string)> Recorded(TrainingSettings s) =>
    [
        ("MaximumEpochs", s.MaximumEpochs.ToString(CultureInfo.InvariantCulture)),
        ("EarlyStoppingPatience", s.EarlyStoppingPatience?.ToString(CultureInfo.InvariantCulture) ?? "none"),
        ("EarlyStoppingMetric", s.EarlyStoppingMetric.ToString()),
        ("HoldOutFraction", Readable.Number(s.HoldOutFraction)),
        ("Seed", s.Seed.ToString(CultureInfo.InvariantCulture)),
        ("Initialization", s.Initialization.ToString()),
        ("StandardizedFeatures", s.StandardizedFeatures ? "true" : "false"),
        ("StandardizedLabel", s.StandardizedLabel ? "true" : "false"),
        ("NumericEncoding", s.NumericEncoding?.ToString() ?? NotRecorded),
        ("NumericScaling", s.NumericScaling?.ToString() ?? NotRecorded),
        ("LearnedFeatureScales", s.LearnedFeatureScales is bool scales ? Value(scales) : NotRecorded),
        ("SparseInput", s.SparseInput is bool sparse ? Value(sparse) : NotRecorded),
        ("NumericBinning", s.NumericBinning?.ToString() ?? (s.NumericEncoding is null ? NotRecorded : NoBins)),
        ("NumericBins", s.NumericBins?.ToString(CultureInfo.InvariantCulture) ?? (s.NumericEncoding is null ? NotRecorded : NoBins)),
    ];

    private const string NotRecorded = "not recorded";
    private const string NoBins = "none (no piecewise-linear part)";

    /// <summary>The input stage as it trained, next to the options that chose it: what <see cref="NumericEncoding.Auto"/>
    /// and <see cref="NumericScaling.Auto"/> resolved to, the bins the automatic encoding brings in place of the options'
    /// (which only an explicit piecewise-linear encoding reads), and learned scales or a sparse first layer the options
    /// did not ask for. Null to show the value as set, including when the history did not record the stage.</summary>
    private static string? InputStage(string option, object? value, BackpropTrainer.Options options, TrainingSettings? s)
    {
        if (s is null) return null;
        // A history saved before the stage was recorded: say so where "Auto" alone would hide it, else show the options.
        if (s.NumericEncoding is not { } encoding) return value is NumericEncoding.Auto or NumericScaling.Auto ? "Auto → not recorded" : null;
        bool automatic = options.NumericEncoding == NumericEncoding.Auto;
        string bins = s.NumericBins is int t ? $"{t}, {s.NumericBinning}" : NoBins;
        return option switch
        {
            nameof(BackpropTrainer.Options.NumericEncoding) when value is NumericEncoding.Auto => $"Auto → {encoding}",
            nameof(BackpropTrainer.Options.NumericScaling) when value is NumericScaling.Auto && s.NumericScaling is { } scaling => $"Auto → {scaling}",
            nameof(BackpropTrainer.Options.NumericBins) or nameof(BackpropTrainer.Options.NumericBinning) when automatic => $"{Value(value)} ignored by Auto → {bins}",
            nameof(BackpropTrainer.Options.LearnFeatureScales) when value is false && s.LearnedFeatureScales is true => "false → true (Auto's stage)",
            nameof(BackpropTrainer.Options.SparseInput) when value is null && s.SparseInput is bool sparse => $"auto → {(sparse ? "sparse" : "dense")}",
            _ => null,
        };
    }

    private static string Value(object? value) => value switch
    {
        null => "none",
        string s => s,
        bool b => b ? "true" : "false",
        float f => Readable.Number(f),
        double d => Readable.Number(d),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };
}
