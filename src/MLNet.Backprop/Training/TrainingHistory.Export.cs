using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNet.Backprop.Files;

namespace MLNet.Backprop.Training;

// The history's export to CSV and JSON; the formats are in the class remarks (TrainingHistory.cs).
public sealed partial class TrainingHistory
{
    /// <summary>The per-layer CSV column suffixes, in order: <c>layer{i}_</c> + suffix.</summary>
    public static IReadOnlyList<string> CsvLayerColumnSuffixes { get; } =
        ["grad_norm_mean", "grad_norm_max", "weight_norm", "update_ratio", "non_finite", "dead_share", "saturated_share", "grad_zeros"];

    /// <summary>The per-embedding-table CSV column suffixes, in order: <c>table{i}_</c> + suffix, after the layers' columns.</summary>
    public static IReadOnlyList<string> CsvTableColumnSuffixes { get; } =
        ["grad_norm_mean", "grad_norm_max", "grad_rms", "update_ratio", "keys_touched", "keys_never_touched"];

    /// <summary>The per-layer CSV columns added since, in order: <c>layer{i}_</c> + suffix for each layer i, after every other
    /// column, so that the columns above keep their places for readers that take them by position.</summary>
    public static IReadOnlyList<string> CsvTrailingLayerColumnSuffixes { get; } = ["grad_rms"];

    /// <summary>The epoch-level CSV columns, in order.</summary>
    public static IReadOnlyList<string> CsvEpochColumns { get; } =
        ["epoch", "training_loss", "validation_loss", "validation_metric", "learning_rate", "grad_norm_mean", "grad_norm_max",
         "clipped_batches", "batches", "elapsed_seconds"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the history as CSV (format in the remarks of <see cref="TrainingHistory"/>) to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write; not closed.</param>
    public void ToCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int layers = Epochs.Count == 0 ? 0 : Epochs.Max(e => e.Layers.Count);
        var header = new List<string>(CsvEpochColumns);
        for (int i = 0; i < layers; i++) header.AddRange(CsvLayerColumnSuffixes.Select(s => $"layer{i}_{s}"));
        int tables = Epochs.Count == 0 ? 0 : Epochs.Max(e => e.Embeddings.Count);
        for (int i = 0; i < tables; i++) header.AddRange(CsvTableColumnSuffixes.Select(s => $"table{i}_{s}"));
        for (int i = 0; i < layers; i++) header.AddRange(CsvTrailingLayerColumnSuffixes.Select(s => $"layer{i}_{s}"));
        writer.Write(string.Join(',', header));
        writer.Write('\n');

        var fields = new List<string>(header.Count);
        foreach (var e in Epochs)
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
                if (l is null) { fields.AddRange(Enumerable.Repeat("", CsvLayerColumnSuffixes.Count)); continue; }
                fields.Add(Num(l.GradientNormMean));
                fields.Add(Num(l.GradientNormMax));
                fields.Add(Num(l.WeightNorm));
                fields.Add(Num(l.UpdateRatio));
                fields.Add(l.NonFiniteCount.ToString(CultureInfo.InvariantCulture));
                fields.Add(Num(l.DeadUnitShare));
                fields.Add(Num(l.SaturatedShare));
                fields.Add(l.GradientHistogram is { } h ? h.Zeros.ToString(CultureInfo.InvariantCulture) : "");
            }
            for (int i = 0; i < tables; i++)
            {
                var t = i < e.Embeddings.Count ? e.Embeddings[i] : null;
                if (t is null) { fields.AddRange(Enumerable.Repeat("", CsvTableColumnSuffixes.Count)); continue; }
                fields.Add(Num(t.GradientNormMean));
                fields.Add(Num(t.GradientNormMax));
                fields.Add(Num(t.GradientRms));
                fields.Add(Num(t.UpdateRatio));
                fields.Add(Int(t.KeysTouched));
                fields.Add(Int(t.KeysNeverTouched));
            }
            for (int i = 0; i < layers; i++) fields.Add(i < e.Layers.Count ? Num(e.Layers[i].GradientRms) : "");
            writer.Write(string.Join(',', fields));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the history as CSV (format in the remarks of <see cref="TrainingHistory"/>) to the file <paramref name="path"/> (UTF-8, no BOM; replaced if it exists).</summary>
    /// <remarks>Written whole or not at all, as model files are: into a temporary file beside it, then renamed over it, so
    /// a failed write leaves an existing file as it was and a reader holding it open keeps reading the old one.</remarks>
    /// <param name="path">The file to write.</param>
    /// <exception cref="DirectoryNotFoundException">The file's directory does not exist (the message names it).</exception>
    /// <exception cref="IOException">The path is a directory, its directory is a file, or its directory takes no new file
    /// (the message names the path).</exception>
    /// <exception cref="UnauthorizedAccessException">This process may not create a file in the directory (the message names
    /// the path).</exception>
    public void ToCsv(string path) => WriteWhole(path, "the history", writer => ToCsv(writer));

    /// <summary>The history as CSV text (format in the remarks of <see cref="TrainingHistory"/>).</summary>
    public string ToCsv()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        ToCsv(writer);
        return writer.ToString();
    }

    /// <summary>The history as indented JSON (format in the remarks of <see cref="TrainingHistory"/>: the epochs, the kept
    /// epoch, the stop reason, the elapsed time and the settings; not <see cref="Diagnosis"/> or <see cref="Calibration"/>);
    /// <see cref="FromJson(string)"/> reads it back.</summary>
    public string ToJson()
    {
        var document = new HistoryDocument
        {
            BestEpoch = BestEpoch,
            StopReason = StopReason,
            Elapsed = Elapsed,
            Settings = Settings,
            Epochs = Epochs,
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>Writes the history as JSON to the file <paramref name="path"/> (UTF-8, no BOM; replaced if it exists).</summary>
    /// <remarks>Written whole or not at all, as <see cref="ToCsv(string)"/> is.</remarks>
    /// <param name="path">The file to write.</param>
    /// <exception cref="DirectoryNotFoundException">The file's directory does not exist (the message names it).</exception>
    /// <exception cref="IOException">The path is a directory, its directory is a file, or its directory takes no new file
    /// (the message names the path).</exception>
    /// <exception cref="UnauthorizedAccessException">This process may not create a file in the directory (the message names
    /// the path).</exception>
    public void ToJson(string path) => WriteWhole(path, "the history", writer => writer.Write(ToJson()));

    /// <summary>Writes <paramref name="path"/> as UTF-8 without a BOM through <see cref="AtomicFile"/>, its target checked
    /// first by <see cref="SaveTarget"/>: StreamWriter and File.WriteAllText truncate an existing file and rewrite it in
    /// place (a failure half-way leaves a cut file where a good one stood) and say "Could not find a part of the path"
    /// for a missing directory.</summary>
    private static void WriteWhole(string path, string what, Action<TextWriter> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = SaveTarget.Check(path, what);
        AtomicFile.Write(target, file =>
        {
            using var writer = new StreamWriter(file, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            write(writer);
        });
    }

    /// <summary>Reads a history written by <see cref="ToJson()"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a history (not JSON, not an object, no <c>epochs</c>, a value of the
    /// wrong type: the message names its path), or not a sound one (a null epoch, epochs out of order, a kept epoch that
    /// is not stored...; the message names the field).</exception>
    public static TrainingHistory FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        HistoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<HistoryDocument>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw NotAHistory(e);
        }
        if (document is null) throw new JsonException("The JSON text is null, not a training history.");
        if (TrainingHistoryValidation.Problem(document.Epochs, document.BestEpoch, document.StopReason, document.Elapsed, findings: null) is { } problem)
            throw new JsonException($"The JSON text is not a sound training history: its {problem}.");
        if (TrainingHistoryValidation.Problem(document.Settings) is { } settingsProblem)
            throw new JsonException($"The JSON text is not a sound training history: its {settingsProblem}.");
        var history = new TrainingHistory
        {
            BestEpoch = document.BestEpoch,
            StopReason = document.StopReason,
            Elapsed = document.Elapsed,
            Settings = document.Settings,
        };
        foreach (var epoch in document.Epochs ?? []) history.Add(epoch!);
        return history;
    }

    /// <summary>System.Text.Json's error names the type it was filling, a private one here: the message says what was
    /// expected instead, keeping the path, line and byte of the value that failed.</summary>
    private static JsonException NotAHistory(JsonException e)
    {
        string detail = e.Message.Replace($"'{typeof(HistoryDocument).FullName}'", "'training history'", StringComparison.Ordinal)
            .Replace(typeof(HistoryDocument).FullName!, "a training history", StringComparison.Ordinal);
        // "System.Collections.Generic.IReadOnlyList`1[MLNet.Backprop.Training.EpochReport]" → "a list of EpochReport".
        detail = System.Text.RegularExpressions.Regex.Replace(detail, @"System\.Collections\.Generic\.IReadOnlyList`1\[([\w.]+)\]", "a list of $1")
            .Replace("MLNet.Backprop.Training.", "", StringComparison.Ordinal).Replace("MLNet.Backprop.", "", StringComparison.Ordinal);
        return new JsonException($"The JSON text is not a training history as TrainingHistory.ToJson writes it (an object with 'epochs', 'bestEpoch', " +
            $"'stopReason', 'elapsed' and 'settings'): {detail}", e.Path, e.LineNumber, e.BytePositionInLine, e);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private sealed class HistoryDocument
    {
        public int BestEpoch { get; set; }

        public StopReason StopReason { get; set; }

        public TimeSpan Elapsed { get; set; }

        public TrainingSettings? Settings { get; set; }

        // ToJson always writes it: without it the text is some other JSON object, not an empty history.
        [JsonRequired]
        public IReadOnlyList<EpochReport?>? Epochs { get; set; }
    }
}
