using System.Text.Json;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed;

/// <summary>
/// Training rows split into shard files for a cluster, with a manifest (<c>shards.json</c>) that lists each shard's
/// row count and SHA-256 and the summary of all rows (row count, class weights, feature scales) that the trainer's
/// checks, class balance and diagnosis start from. Write one with <see cref="Write"/> from the featurized data view.
/// </summary>
/// <remarks>
/// <para>Rows are numbered across the shards in order: row r is the r-th row the data view's cursor yields (rows
/// without a label, or skipped for bad features, are left out as the single-process trainer leaves them out), so the
/// cluster trains on exactly the rows, in exactly the order, that <see cref="BackpropTrainer"/> reads from that view.</para>
/// <para>Every worker must be able to read every shard (shared storage, or a copy on each machine at the same path):
/// the global shuffle gives each worker rows from all shards, and a failed worker's micro-batches go to the others.</para>
/// </remarks>
public sealed partial class ShardSet
{
    /// <summary>The manifest's file name inside a shard set's directory.</summary>
    public const string ManifestFileName = "shards.json";

    private ShardSet(string manifestPath, Manifest manifest)
    {
        ManifestPath = manifestPath;
        Data = manifest;
        string directory = System.IO.Path.GetDirectoryName(manifestPath)!;
        Shards = manifest.Shards.Select(s => new ShardInfo(System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, s.File)), s.Rows, s.Sha256)).ToArray();
    }

    /// <summary>The manifest file.</summary>
    public string ManifestPath { get; }

    /// <summary>The shard files, in row order.</summary>
    public IReadOnlyList<string> ShardPaths => Shards.Select(s => s.Path).ToArray();

    /// <summary>Rows in all shards.</summary>
    public long Rows => Data.Summary.Rows;

    /// <summary>Features per row.</summary>
    public int FeatureCount => Data.Columns;

    internal Manifest Data { get; }

    internal ShardInfo[] Shards { get; }

    /// <summary>Reads the shard set whose manifest is <paramref name="path"/> (or the <see cref="ManifestFileName"/> in
    /// the directory <paramref name="path"/>). Every field of the manifest is checked, and each shard must be a file name
    /// inside the manifest's directory. The shards themselves are checked by the workers when training starts (header,
    /// length and SHA-256, reading no more than the header's length).</summary>
    /// <exception cref="FileNotFoundException">There is no manifest there.</exception>
    /// <exception cref="InvalidDataException">The manifest cannot be read (the message names it).</exception>
    public static ShardSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string manifest = Directory.Exists(path) ? System.IO.Path.Combine(path, ManifestFileName) : path;
        manifest = System.IO.Path.GetFullPath(manifest);
        if (!File.Exists(manifest)) throw new FileNotFoundException($"No shard set manifest at '{manifest}'.", manifest);
        string text = ManifestCheck.Read(manifest);
        try
        {
            var data = JsonSerializer.Deserialize<Manifest>(text, Manifest.Json);
            ManifestCheck.Verify(data);
            return new ShardSet(manifest, data!);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The shard set manifest '{manifest}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The summary of the rows, as the trainer's counting pass would compute it.</summary>
    internal DataSummary Summary() => DataSummary.Restore(Data.Summary.Rows, Data.Columns,
        Data.Summary.ClassWeights.Select(c => KeyValuePair.Create((float)c[0], c[1])), Data.Summary.WeightSum,
        Data.Summary.LabelMean, Data.Summary.LabelVariance, [.. Data.Summary.FeatureMeans], [.. Data.Summary.FeatureDeviations],
        Data.Summary.NonZeros ?? -1, Data.Summary.MaxRowNonZeros ?? -1);

    /// <summary>The manifest's content (JSON, camelCase).</summary>
    internal sealed class Manifest
    {
        public const int CurrentVersion = 1;

        public static readonly JsonSerializerOptions Json = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };

        public int Version { get; set; } = CurrentVersion;

        public BackpropTask Task { get; set; }

        public int Columns { get; set; }

        public int TargetWidth { get; set; }

        public bool HasWeights { get; set; }

        /// <summary>Whether the shards store sparse rows (version 2 shard files); absent in manifests written before.</summary>
        public bool Sparse { get; set; }

        /// <summary>The categorical columns whose keys each row stores, in the order of
        /// <see cref="BackpropTrainer.Options.CategoricalColumnNames"/>; empty (or absent, in manifests written before) for none.</summary>
        public List<ManifestCategorical> Categorical { get; set; } = [];

        public List<ManifestShard> Shards { get; set; } = [];

        public ManifestSummary Summary { get; set; } = new();
    }

    /// <summary>A categorical column of the shards: its name, its key count and the names of its key values (null when
    /// the key type has none), checked against the data view given to <c>Fit</c>.</summary>
    internal sealed class ManifestCategorical
    {
        public string Name { get; set; } = "";

        public int KeyCount { get; set; }

        public List<string>? KeyNames { get; set; }
    }

    internal sealed class ManifestShard
    {
        public string File { get; set; } = "";

        public long Rows { get; set; }

        public string Sha256 { get; set; } = "";
    }

    internal sealed class ManifestSummary
    {
        public long Rows { get; set; }

        public double WeightSum { get; set; }

        /// <summary>[label, Σ weight] in order of first appearance (the class balance's sum runs in this order).</summary>
        public List<double[]> ClassWeights { get; set; } = [];

        public double LabelMean { get; set; }

        public double LabelVariance { get; set; }

        public List<double> FeatureMeans { get; set; } = [];

        public List<double> FeatureDeviations { get; set; } = [];

        /// <summary>Non-zero feature values of all rows (the density the trainer decides the sparse path by); null when
        /// the manifest was written before it was counted.</summary>
        public long? NonZeros { get; set; }

        /// <summary>The most non-zero feature values of one row; null when not counted.</summary>
        public int? MaxRowNonZeros { get; set; }
    }
}
