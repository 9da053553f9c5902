using System.Text.Json;
using Microsoft.ML;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Files;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed;

public sealed partial class ShardSet
{
    /// <summary>
    /// Writes the rows of <paramref name="data"/> (the featurized view the trainer would get) into
    /// <paramref name="shardCount"/> shard files of nearly equal row counts and a manifest, in
    /// <paramref name="directory"/>. Two passes over the view: the counting pass (the trainer's checks and summary),
    /// then the rows.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="data">The training rows.</param>
    /// <param name="directory">Where to write (created if needed); existing shards of the same names are replaced once every
    /// new shard is written (a write that fails leaves an existing set as it was; meanwhile both take disk space).</param>
    /// <param name="shardCount">Number of shard files; ≥ 1.</param>
    /// <param name="options">The columns (<see cref="BackpropTrainer.Options.LabelColumnName"/>, feature and weight, and
    /// the <see cref="BackpropTrainer.Options.CategoricalColumnNames"/> whose keys each row stores), the task (Auto: from
    /// the label type), <see cref="BackpropTrainer.Options.SkipRowsWithNonFiniteFeatures"/> and whether the rows are stored
    /// sparse (as the trainer will read them: <see cref="BackpropTrainer.Options.SparseInput"/>, else the density rule), all
    /// as the trainer will be configured. The manifest records each categorical column's key count and key names; <c>Fit</c> checks the view it
    /// is given against them.</param>
    /// <exception cref="InvalidOperationException">A row cannot be trained on (the message names it), or no row is left.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1, or a categorical column
    /// is missing or not a key of known cardinality (named).</exception>
    /// <exception cref="IOException"><paramref name="directory"/>, or a folder above it, is a file, or the folder cannot be
    /// created or a file created in it (a probe file, deleted again; checked before the data is read).</exception>
    public static ShardSet Write(MLContext ml, IDataView data, string directory, int shardCount, BackpropTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        // Before the two passes over the data, which may take long: a folder on the way that is a file, or one that cannot be
        // created or written in, fails here, named.
        OutputFolder.VerifyWritable(System.IO.Path.GetFullPath(directory), "the shard set");
        var task = new BackpropTrainer(ml, options).TaskFor(data.Schema);
        bool hasWeights = options.ExampleWeightColumnName is not null;
        string[] categorical = options.CategoricalColumnNames;
        int[] keyCounts = CategoricalColumns.Check(data.Schema, categorical, options.FeatureColumnName);
        int keyColumns = categorical.Length;
        LabeledRowCursor Open() => new(data, options.FeatureColumnName, options.LabelColumnName, options.ExampleWeightColumnName, task,
            options.SkipRowsWithNonFiniteFeatures, options.CancellationToken, categorical);

        DataSummary summary;
        using (var cursor = Open())
        {
            var accumulator = new DataSummary.Accumulator(cursor.Columns, task != BackpropTask.Regression);
            while (cursor.TryRead(out float label, out float weight)) cursor.AddTo(accumulator, label, weight);
            summary = accumulator.ToSummary();
        }
        if (summary.Rows == 0) throw new InvalidOperationException($"No row of the data has both a label in '{options.LabelColumnName}' and usable features: nothing to shard.");

        // Rows the trainer reads sparse (by density, or SparseInput) are stored sparse: disk follows the non-zeros.
        bool sparse = FitPlan.ReadsSparse(options, summary);
        Directory.CreateDirectory(directory);
        var manifest = new Manifest
        {
            Task = task, Columns = summary.Columns, TargetWidth = 1, HasWeights = hasWeights, Sparse = sparse,
            Categorical = categorical.Select((name, i) => new ManifestCategorical
            {
                Name = name, KeyCount = keyCounts[i], KeyNames = KeyNames.Of(data.Schema[name], keyCounts[i])?.ToList(),
            }).ToList(),
        };
        // Every shard is written to a temporary file first and moved into place only once all are complete, then the
        // manifest: a write that fails part-way (a view yielding fewer rows, cancellation, a full disk) leaves an existing
        // set as it was, instead of new shards under the old manifest.
        var written = new List<(string Temporary, string Path)>(shardCount);
        try
        {
            using (var cursor = Open())
            {
                var row = new float[sparse ? 0 : cursor.Columns];
                var slots = new int[sparse ? cursor.Columns : 0];
                var entries = new float[slots.Length];
                var keys = new int[keyColumns];
                (float, float) NextSparse(List<int> indices, List<float> values, Span<int> rowKeys)
                {
                    if (!cursor.TryRead(out float label, out float weight)) throw FewerRows();
                    cursor.CopyKeys(rowKeys);
                    int count = cursor.CopyNonZeros(slots, entries);
                    for (int k = 0; k < count; k++)
                    {
                        indices.Add(slots[k]);
                        values.Add(entries[k]);
                    }
                    return (label, weight);
                }
                for (int s = 0; s < shardCount; s++)
                {
                    long rows = summary.Rows * (s + 1) / shardCount - summary.Rows * s / shardCount;
                    string file = $"shard-{s:D5}.mlbshard";
                    string path = System.IO.Path.Combine(directory, file);
                    written.Add((path + ".tmp", path));
                    using (var stream = new FileStream(path + ".tmp", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
                    {
                        if (sparse) ShardFile.WriteSparse(stream, summary.Columns, hasWeights, rows, NextSparse, keyColumns);
                        else
                        {
                            ShardFile.WriteHeader(stream, summary.Columns, 1, hasWeights, rows, keyColumns: keyColumns);
                            for (long r = 0; r < rows; r++)
                            {
                                if (!cursor.TryRead(row, keys, out float label, out float weight)) throw FewerRows();
                                ShardFile.WriteRow(stream, row, label, hasWeights ? weight : null, keys);
                            }
                        }
                        stream.Flush(flushToDisk: true);
                    }
                    manifest.Shards.Add(new ManifestShard { File = file, Rows = rows, Sha256 = ShardFile.Hash(path + ".tmp") });
                }
            }
        }
        catch
        {
            foreach (var (temporary, _) in written) AtomicFile.TryDelete(temporary);
            throw;
        }
        foreach (var (temporary, path) in written) File.Move(temporary, path, overwrite: true);
        manifest.Summary = new ManifestSummary
        {
            Rows = summary.Rows,
            WeightSum = summary.WeightSum,
            ClassWeights = summary.ClassWeights.Select(c => new[] { (double)c.Key, c.Value }).ToList(),
            LabelMean = summary.LabelMean,
            LabelVariance = summary.LabelVariance,
            FeatureMeans = [.. summary.FeatureMeans],
            FeatureDeviations = [.. summary.FeatureDeviations],
            NonZeros = summary.NonZeros,
            MaxRowNonZeros = summary.MaxRowNonZeros,
        };
        string manifestPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, ManifestFileName));
        File.WriteAllText(manifestPath + ".tmp", JsonSerializer.Serialize(manifest, Manifest.Json));
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
        return new ShardSet(manifestPath, manifest);
    }

    private static InvalidOperationException FewerRows() =>
        new("The data view yielded fewer rows the second time it was read: shard only a view that reads the same rows every time.");
}
