using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// The keyed ids trained in the micro-batch mode (the mode a cluster runs) beside the in-memory loop, with the same
/// settings: one network, 10 epochs, batch 256, the accurate configuration's tables and L2
/// (<see cref="Candidates.AccurateOptions"/>: seven key columns, L2 1e-3, momentum SGD), the numbers normalised and nothing
/// standardised by the trainer (the micro-batch mode takes the features as given; the label is left as given in every run
/// here, StandardizeLabel = false, so the four runs train on the same targets). The micro-batch mode updates every table row every step,
/// so its in-memory match is <c>SparseUpdates = SparseUpdates.EveryRow</c>; 1 and 2 threads must give the same weights.
/// </summary>
public static class MicroBatchCheck
{
    /// <summary>One run: its name, test RMSE, fit time and the first 16 hex digits of the SHA-256 of its weights and tables.</summary>
    public sealed record Result(string Name, double Rmse, TimeSpan FitTime, string WeightsHash);

    public static IReadOnlyList<Result> Run(MLContext ml, IDataView train, IDataView test, int seed)
    {
        var featurizer = Candidates.KeyedLectures(ml).Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)).Fit(train);
        var trainRows = ml.Data.Cache(featurizer.Transform(train));
        var testRows = featurizer.Transform(test);
        BackpropTrainer.Options Options(bool lazy, int? microBatch, int threads)
        {
            var options = Candidates.AccurateOptions(seed);
            options.EnsembleSize = 1;
            options.NumberOfEpochs = 10;
            options.BatchSize = 256;
            options.ValidationFraction = 0f;
            options.StandardizeFeatures = false;
            options.StandardizeLabel = false;
            options.SparseUpdates = lazy ? SparseUpdates.Lazy : SparseUpdates.EveryRow;
            options.MicroBatchSize = microBatch;
            options.NumberOfThreads = threads;
            return options;
        }
        var runs = new[]
        {
            ("in memory, touched rows", Options(true, null, 1)),
            ("in memory, every row", Options(false, null, 1)),
            ("micro-batches of 32, 1 thread", Options(false, 32, 1)),
            ("micro-batches of 32, 2 threads", Options(false, 32, 2)),
        };
        return runs.Select(run =>
        {
            var watch = Stopwatch.StartNew();
            var model = new BackpropTrainer(ml, run.Item2).Fit(trainRows);
            var time = watch.Elapsed;
            double rmse = ml.Regression.Evaluate(model.Transform(testRows)).RootMeanSquaredError;
            return new Result(run.Item1, rmse, time, Hash(model.Model));
        }).ToArray();
    }

    public static string Table(IReadOnlyList<Result> results) =>
        "| run | test RMSE | fit | weights (SHA-256) |\n|---|---:|---:|---|\n" +
        string.Concat(results.Select(r => $"| {r.Name} | {r.Rmse:F4} | {r.FitTime.TotalSeconds:F1} s | {r.WeightsHash} |\n"));

    /// <summary>The first 16 hex digits of the SHA-256 of the model's layers and tables.</summary>
    public static string Hash(BackpropModel model)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var layer in model.Network.Layers)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(layer.Weights.Span));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(layer.Bias.Span));
        }
        foreach (string column in model.CategoricalColumnNames)
        {
            var table = model.Embedding(column);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(table.Unknown));
            for (int k = 0; k < table.Names.Count; k++) hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(table.Vector(k)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
