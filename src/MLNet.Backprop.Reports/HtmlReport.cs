using System.Globalization;
using System.Text;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Files;
using MLNet.Backprop.Reports.Html;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Reports;

/// <summary>
/// A single self-contained HTML file about a training run (or a sweep), for reading in a browser or printing: the
/// metrics given to it, the findings of the diagnosis with their advice and evidence, the early-stopping metric with the
/// kept epoch, a classifier's probability calibration (its method, the hold-out's log-loss and expected calibration
/// error before and after, the reliability diagram and its bins) when the history records one, every network of an
/// ensemble, loss curves, gradient flow, histograms and dead units (PNG plots embedded as data URIs), with categorical
/// columns each embedding table's statistics and its vectors projected on two principal axes with the key names
/// (inline SVG), the options with the values the automatic ones resolved to (the input stage included), and the
/// epochs. No script, no external file;
/// every text is HTML-escaped; light or dark after the reader's system setting; numbers rounded for reading.
/// </summary>
/// <example>
/// <code language="csharp"><![CDATA[
/// using Microsoft.ML;
/// using MLNet.Backprop;
/// using MLNet.Backprop.Experiments;
/// using MLNet.Backprop.Reports;
///
/// var options = new BackpropTrainer.Options { HiddenLayers = [64], EarlyStoppingMetric = EarlyStoppingMetric.Auc };
/// BackpropTransformer model = ml.BinaryClassification.Trainers.Backprop(options).Fit(trainData);
/// var metrics = BinaryTestMetrics.Evaluate(ml, model.Transform(testData)); // ML.NET's, finite on degenerate rows
/// HtmlReport.Write("report.html", model.Model, options, new Dictionary<string, double>
/// {
///     ["test AUC"] = metrics.AreaUnderRocCurve,
///     ["test PR-AUC"] = metrics.AreaUnderPrecisionRecallCurve,   // the rare class' view of the ranking
///     ["test accuracy"] = metrics.Accuracy,
/// }, title: "Churn MLP");
///
/// // A sweep: the runs side by side, the overlaid curves and each run's findings.
/// SweepResult sweep = new ExperimentSweep(options)
///     .WithLearningRates(0.01f, 0.001f)
///     .WithActivations(Activation.ReLU, Activation.Tanh)
///     .Run(ml, trainData, testData);
/// HtmlReport.WriteSweep("sweep.html", sweep);
/// ]]></code>
/// </example>
public static class HtmlReport
{
    /// <summary>Writes the report of <paramref name="model"/>'s training run to <paramref name="path"/> (UTF-8; folder created if missing).</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="model">The trained model (<c>transformer.Model</c>).</param>
    /// <param name="options">The options it was trained with (the automatic ones are shown with what they resolved
    /// to), or null to show only what the model recorded.</param>
    /// <param name="metrics">Final (test) metrics by name, or null. A value that is not a finite number is shown as
    /// "undefined (NaN)" or "undefined (∞)", not as a figure: ML.NET's evaluators return NaN or ∞ where a metric is
    /// undefined on the rows (<see cref="BinaryTestMetrics"/> gives finite binary figures).</param>
    /// <param name="title">The report's title.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or a folder on it is an existing file (checked
    /// before the report is built).</exception>
    public static string Write(string path, BackpropModel model, BackpropTrainer.Options? options, IReadOnlyDictionary<string, double>? metrics, string title = "Training report")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Target(path); // before the report (and its plots) is built
        return Save(path, Build(model, options, metrics, title));
    }

    /// <summary>The report of <paramref name="model"/>'s training run as HTML text (see <see cref="Write"/>).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">The options it was trained with, or null.</param>
    /// <param name="metrics">Final (test) metrics by name, or null. A value that is not a finite number is shown as
    /// "undefined (NaN)" or "undefined (∞)", not as a figure: ML.NET's evaluators return NaN or ∞ where a metric is
    /// undefined on the rows (<see cref="BinaryTestMetrics"/> gives finite binary figures).</param>
    /// <param name="title">The report's title.</param>
    public static string Build(BackpropModel model, BackpropTrainer.Options? options, IReadOnlyDictionary<string, double>? metrics, string title)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(title);
        var network = model.Network;
        string shape = string.Join(" → ", new[] { network.InputSize.ToString("N0", CultureInfo.InvariantCulture) }
            .Concat(network.Layers.Select(l => l.Index == network.Layers.Count - 1 ? l.OutputSize.ToString("N0", CultureInfo.InvariantCulture) : $"{l.OutputSize:N0} {l.Activation}")));
        string networks = model.Networks.Count > 1 ? $"an ensemble of {model.Networks.Count} networks {shape}" : $"network {shape}";
        string summary = $"{model.Task} · {networks} ({network.ParameterCount:N0} parameters each) · {model.Loss} loss";
        return RunReport.Build(model.History, model, model.Diagnosis, options, metrics, title, summary);
    }

    /// <summary>The report of a training run known by its history and diagnosis (e.g. those of a
    /// <see cref="TrainingDivergedException"/>, when there is no model) as HTML text.</summary>
    /// <param name="history">The training history.</param>
    /// <param name="diagnosis">Its findings, or null to leave the section out.</param>
    /// <param name="options">The options it was trained with, or null.</param>
    /// <param name="metrics">Final (test) metrics by name, or null. A value that is not a finite number is shown as
    /// "undefined (NaN)" or "undefined (∞)", not as a figure: ML.NET's evaluators return NaN or ∞ where a metric is
    /// undefined on the rows (<see cref="BinaryTestMetrics"/> gives finite binary figures).</param>
    /// <param name="title">The report's title.</param>
    /// <param name="summary">A line under the title (e.g. the network's shape), or null.</param>
    public static string Build(TrainingHistory history, TrainingDiagnosis? diagnosis, BackpropTrainer.Options? options,
        IReadOnlyDictionary<string, double>? metrics, string title, string? summary)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(title);
        return RunReport.Build(history, model: null, diagnosis, options, metrics, title, summary);
    }

    /// <summary>Writes <paramref name="html"/> (from a <c>Build</c> overload) to <paramref name="path"/> (UTF-8; folder created if
    /// missing; an existing file is replaced whole, never left half-written).</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="html">The report text.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or a folder on it is an existing file.</exception>
    public static string Save(string path, string html)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(html);
        string full = Target(path);
        ReportFile.CreateFolderOf(full, "report");
        AtomicFile.Write(full, stream => stream.Write(new UTF8Encoding(false).GetBytes(html)));
        return full;
    }

    /// <exception cref="IOException">The path is a directory, or a folder on it is an existing file.</exception>
    private static string Target(string path) => ReportFile.Target(path, "report", "an .html file");

    /// <summary>Writes the report of a sweep: the runs compared in one table (the best highlighted), the overlay plots
    /// and each run's findings.</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="result">The sweep result.</param>
    /// <param name="title">The report's title.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or a folder on it is an existing file (checked
    /// before the report is built).</exception>
    public static string WriteSweep(string path, SweepResult result, string title = "Experiment sweep")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(title);
        Target(path);
        return Save(path, SweepReport.Build(result, title));
    }
}
