using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.Backprop.Training;

/// <summary>
/// Writes a <see cref="TrainingHistory"/> as CSV (for spreadsheets and pandas) or JSON (complete, and readable back
/// with <see cref="FromJson(string)"/>).
/// </summary>
/// <remarks>
/// <para><b>CSV format.</b> A header row, then one row per epoch. Comma-separated, invariant culture, numbers written
/// in their shortest round-trip form (<c>double.Parse</c> gives back the same bits), NaN and infinities as
/// <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>, a missing value (no validation data) as an empty field. Columns:</para>
/// <list type="bullet">
/// <item><c>epoch, training_loss, validation_loss, validation_metric, learning_rate, grad_norm_mean, grad_norm_max,
/// clipped_batches, batches, elapsed_seconds</c>: the <see cref="EpochReport"/> fields;</item>
/// <item>then for each layer i (0 = first hidden layer; the last is the output layer):
/// <c>layer{i}_grad_norm_mean, layer{i}_grad_norm_max, layer{i}_weight_norm, layer{i}_update_ratio,
/// layer{i}_non_finite, layer{i}_dead_share, layer{i}_saturated_share, layer{i}_grad_zeros</c>
/// (<c>grad_zeros</c> is the histogram's count of exact zeros, empty without a histogram).</item>
/// </list>
/// <para>The gradient histograms' bins are in the JSON only.</para>
/// <para><b>JSON format.</b> An object <c>{ "bestEpoch", "stopReason", "elapsed", "epochs": [ ... ] }</c> whose epochs
/// carry every <see cref="EpochReport"/> and <see cref="LayerStatistics"/> property in camelCase (histograms
/// included), enums as names, time spans as "d.hh:mm:ss.fffffff", NaN and infinities as the strings "NaN",
/// "Infinity", "-Infinity".</para>
/// </remarks>
public static class TrainingHistoryExport
{
    /// <summary>The per-layer CSV column suffixes, in order: <c>layer{i}_</c> + suffix.</summary>
    public static IReadOnlyList<string> LayerColumnSuffixes { get; } =
        ["grad_norm_mean", "grad_norm_max", "weight_norm", "update_ratio", "non_finite", "dead_share", "saturated_share", "grad_zeros"];

    /// <summary>The epoch-level CSV columns, in order.</summary>
    public static IReadOnlyList<string> EpochColumns { get; } =
        ["epoch", "training_loss", "validation_loss", "validation_metric", "learning_rate", "grad_norm_mean", "grad_norm_max",
         "clipped_batches", "batches", "elapsed_seconds"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the history as CSV (format in the class remarks) to <paramref name="writer"/>.</summary>
    /// <param name="history">The history to write.</param>
    /// <param name="writer">Where to write; not closed.</param>
    public static void ToCsv(this TrainingHistory history, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(writer);
        int layers = history.Epochs.Count == 0 ? 0 : history.Epochs.Max(e => e.Layers.Count);
        var header = new List<string>(EpochColumns);
        for (int i = 0; i < layers; i++) header.AddRange(LayerColumnSuffixes.Select(s => $"layer{i}_{s}"));
        writer.Write(string.Join(',', header));
        writer.Write('\n');

        var fields = new List<string>(header.Count);
        foreach (var e in history.Epochs)
        {
            fields.Clear();
            fields.Add(Int(e.Epoch));
            fields.Add(Num(e.TrainingLoss));
            fields.Add(Num(e.ValidationLoss));
            fields.Add(Num(e.ValidationMetric));
            fields.Add(e.LearningRate.ToString("R", CultureInfo.InvariantCulture));
            fields.Add(Num(e.GradientNormMean));
            fields.Add(Num(e.GradientNormMax));
            fields.Add(Int(e.ClippedBatches));
            fields.Add(Int(e.Batches));
            fields.Add(Num(e.Elapsed.TotalSeconds));
            for (int i = 0; i < layers; i++)
            {
                var l = i < e.Layers.Count ? e.Layers[i] : null;
                if (l is null) { fields.AddRange(Enumerable.Repeat("", LayerColumnSuffixes.Count)); continue; }
                fields.Add(Num(l.GradientNormMean));
                fields.Add(Num(l.GradientNormMax));
                fields.Add(Num(l.WeightNorm));
                fields.Add(Num(l.UpdateRatio));
                fields.Add(l.NonFiniteCount.ToString(CultureInfo.InvariantCulture));
                fields.Add(Num(l.DeadUnitShare));
                fields.Add(Num(l.SaturatedShare));
                fields.Add(l.GradientHistogram is { } h ? h.Zeros.ToString(CultureInfo.InvariantCulture) : "");
            }
            writer.Write(string.Join(',', fields));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the history as CSV (format in the class remarks) to the file <paramref name="path"/> (UTF-8, no BOM; replaced if it exists).</summary>
    /// <param name="history">The history to write.</param>
    /// <param name="path">The file to write.</param>
    public static void ToCsv(this TrainingHistory history, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        history.ToCsv(writer);
    }

    /// <summary>The history as CSV text (format in the class remarks).</summary>
    /// <param name="history">The history to write.</param>
    public static string ToCsv(this TrainingHistory history)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        history.ToCsv(writer);
        return writer.ToString();
    }

    /// <summary>The whole history as indented JSON (format in the class remarks); <see cref="FromJson(string)"/> reads it back.</summary>
    /// <param name="history">The history to write.</param>
    public static string ToJson(this TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var document = new HistoryDocument
        {
            BestEpoch = history.BestEpoch,
            StopReason = history.StopReason,
            Elapsed = history.Elapsed,
            Epochs = history.Epochs,
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>Writes the history as JSON to the file <paramref name="path"/> (UTF-8, no BOM; replaced if it exists).</summary>
    /// <param name="history">The history to write.</param>
    /// <param name="path">The file to write.</param>
    public static void ToJson(this TrainingHistory history, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllText(path, history.ToJson(), new UTF8Encoding(false));
    }

    /// <summary>Reads a history written by <see cref="ToJson(TrainingHistory)"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a history.</exception>
    public static TrainingHistory FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var document = JsonSerializer.Deserialize<HistoryDocument>(json, JsonOptions)
            ?? throw new JsonException("The JSON text is null, not a training history.");
        var history = new TrainingHistory
        {
            BestEpoch = document.BestEpoch,
            StopReason = document.StopReason,
            Elapsed = document.Elapsed,
        };
        foreach (var epoch in document.Epochs ?? []) history.Add(epoch ?? throw new JsonException("A training history epoch is null."));
        return history;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private sealed class HistoryDocument
    {
        public int BestEpoch { get; set; }

        public StopReason StopReason { get; set; }

        public TimeSpan Elapsed { get; set; }

        public IReadOnlyList<EpochReport>? Epochs { get; set; }
    }
}
