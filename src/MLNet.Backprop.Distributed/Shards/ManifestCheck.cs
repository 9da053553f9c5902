using System.Text.Json;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>
/// Reads and checks a shard set's manifest before anything trusts it: bounded in size, every field present and in
/// range, the totals consistent, and every shard a plain file name, so that a shard set only ever reads files inside
/// its own directory (an absolute path, a "../" path or a device would otherwise be hashed or trained on).
/// </summary>
internal static class ManifestCheck
{
    /// <summary>Largest manifest read: a summary of 2²⁰ features takes about 50 MB of JSON.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Most shards in a set.</summary>
    public const int MaxShards = 1 << 20;

    /// <summary>Most features per row (the trainer's own limit on a feature vector is far lower in practice).</summary>
    public const int MaxColumns = 1 << 26;

    /// <summary>The manifest's text, read with a bound.</summary>
    /// <exception cref="InvalidDataException">Empty, larger than <see cref="MaxBytes"/>, or not a regular file.</exception>
    public static string Read(string path)
    {
        long length = ShardFile.LengthOf(path);
        if (length == 0) throw Invalid(path, "it is empty (or not a regular file)");
        if (length > MaxBytes) throw Invalid(path, $"it is {length:N0} bytes; a manifest is at most {MaxBytes:N0}");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var bytes = new byte[length];
        int total = 0;
        while (total < bytes.Length && stream.Read(bytes, total, bytes.Length - total) is int read and > 0) total += read;
        if (total != length || stream.ReadByte() >= 0) throw Invalid(path, "it changed while it was read");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Checks every field of a deserialized manifest.</summary>
    /// <exception cref="JsonException">A field is missing or out of range (the message names it).</exception>
    public static void Verify(ShardSet.Manifest? data)
    {
        if (data is null) throw new JsonException("it holds no manifest (null)");
        if (data.Version != ShardSet.Manifest.CurrentVersion) throw new JsonException($"format version {data.Version}; this library reads {ShardSet.Manifest.CurrentVersion}");
        if (data.Task is not (BackpropTask.BinaryClassification or BackpropTask.MulticlassClassification or BackpropTask.Regression))
            throw new JsonException($"'task' is {data.Task}; BinaryClassification, MulticlassClassification or Regression was expected");
        CheckCategorical(data);
        // Categorical columns alone (no feature vector) leave no feature column.
        int fewest = data.Categorical.Count > 0 ? 0 : 1;
        if (data.Columns < fewest || data.Columns > MaxColumns) throw new JsonException($"'columns' is {data.Columns}; {fewest} to {MaxColumns:N0} was expected");
        if (data.TargetWidth != 1) throw new JsonException($"'targetWidth' is {data.TargetWidth}; shards hold one target value per row");
        if (data.Shards is null || data.Shards.Count == 0) throw new JsonException("'shards' lists no shard");
        if (data.Shards.Count > MaxShards) throw new JsonException($"'shards' lists {data.Shards.Count:N0} shards; at most {MaxShards:N0}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0;
        for (int i = 0; i < data.Shards.Count; i++)
        {
            var shard = data.Shards[i] ?? throw new JsonException($"shard {i} is null");
            if (!IsPlainFileName(shard.File))
                throw new JsonException($"shard {i}'s file '{shard.File}' is not a file name inside the shard set's directory (no path, no '..')");
            if (!names.Add(shard.File)) throw new JsonException($"shard {i}'s file '{shard.File}' is listed twice");
            if (shard.Rows < 0) throw new JsonException($"shard {i} ('{shard.File}') has {shard.Rows} rows");
            if (shard.Sha256 is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit))
                throw new JsonException($"shard {i}'s SHA-256 '{shard.Sha256}' is not 64 hexadecimal digits");
            rows = rows > long.MaxValue - shard.Rows ? long.MaxValue : rows + shard.Rows;
        }
        var summary = data.Summary ?? throw new JsonException("'summary' is missing");
        if (summary.Rows != rows) throw new JsonException($"'summary.rows' is {summary.Rows}, but the shards list {rows} rows");
        if (rows < 1) throw new JsonException("the shards hold no row");
        if (!(double.IsFinite(summary.WeightSum) && summary.WeightSum > 0)) throw new JsonException($"'summary.weightSum' is {summary.WeightSum}; a positive number was expected");
        if (!double.IsFinite(summary.LabelMean) || !(double.IsFinite(summary.LabelVariance) && summary.LabelVariance >= 0))
            throw new JsonException($"'summary.labelMean' {summary.LabelMean} and 'summary.labelVariance' {summary.LabelVariance} must be finite (the variance ≥ 0)");
        if (summary.NonZeros is long nonZeros && (nonZeros < 0 || nonZeros > rows * (double)data.Columns))
            throw new JsonException($"'summary.nonZeros' is {nonZeros}; 0 to rows × columns = {rows * (double)data.Columns:N0} was expected");
        if (summary.MaxRowNonZeros is int most && (most < 0 || most > data.Columns))
            throw new JsonException($"'summary.maxRowNonZeros' is {most}; 0 to 'columns' ({data.Columns}) was expected");
        CheckVector(summary.FeatureMeans, "featureMeans", data.Columns, nonNegative: false);
        CheckVector(summary.FeatureDeviations, "featureDeviations", data.Columns, nonNegative: true);
        if (summary.ClassWeights is null) throw new JsonException("'summary.classWeights' is missing");
        var labels = new HashSet<double>();
        foreach (var pair in summary.ClassWeights)
        {
            if (pair is not { Length: 2 } || !double.IsFinite(pair[0]) || !(double.IsFinite(pair[1]) && pair[1] >= 0))
                throw new JsonException("'summary.classWeights' holds an entry that is not [label, weight ≥ 0]");
            bool valid = data.Task switch
            {
                BackpropTask.BinaryClassification => pair[0] is 0 or 1,
                BackpropTask.MulticlassClassification => pair[0] >= 0 && pair[0] < 1_000_000 && pair[0] == Math.Floor(pair[0]),
                _ => false,
            };
            if (!valid) throw new JsonException($"'summary.classWeights' holds label {pair[0]}, which a {data.Task} shard set cannot hold");
            if (!labels.Add(pair[0])) throw new JsonException($"'summary.classWeights' lists label {pair[0]} twice");
        }
        if (data.Task != BackpropTask.Regression && labels.Count == 0) throw new JsonException("'summary.classWeights' lists no class");
    }

    /// <summary>Each categorical column named once, with a key count a table takes and, if listed, one name per key.</summary>
    private static void CheckCategorical(ShardSet.Manifest data)
    {
        data.Categorical ??= []; // written before categorical columns were sharded
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < data.Categorical.Count; i++)
        {
            var column = data.Categorical[i] ?? throw new JsonException($"categorical column {i} is null");
            if (string.IsNullOrWhiteSpace(column.Name)) throw new JsonException($"categorical column {i} has no name");
            if (!names.Add(column.Name)) throw new JsonException($"categorical column '{column.Name}' is listed twice");
            if (column.KeyCount is < 1 or > MLNet.Backprop.Integration.Schema.CategoricalColumns.MaxKeys)
                throw new JsonException($"categorical column '{column.Name}' has {column.KeyCount} keys; 1 to {MLNet.Backprop.Integration.Schema.CategoricalColumns.MaxKeys:N0} was expected");
            if (column.KeyNames is { } keyNames && (keyNames.Count != column.KeyCount || keyNames.Any(n => n is null)))
                throw new JsonException($"categorical column '{column.Name}' lists {keyNames.Count} key names for {column.KeyCount} keys");
        }
    }

    /// <summary>A name with no directory part: not rooted, no separator, not "." or "..", no character a file name cannot hold.</summary>
    public static bool IsPlainFileName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name is not ("." or "..") && name.Length <= 255
        && name.IndexOfAny(['/', '\\', ':', '\0']) < 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !Path.IsPathRooted(name);

    private static void CheckVector(List<double>? values, string name, int columns, bool nonNegative)
    {
        if (values is null || values.Count != columns) throw new JsonException($"'summary.{name}' holds {values?.Count ?? 0} values; 'columns' says {columns}");
        foreach (double v in values)
            if (!double.IsFinite(v) || nonNegative && v < 0) throw new JsonException($"'summary.{name}' holds {v}; finite values{(nonNegative ? " ≥ 0" : "")} were expected");
    }

    private static InvalidDataException Invalid(string path, string what) => new($"The shard set manifest '{path}' cannot be read: {what}.");
}
