using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.Reliability.Fuzzing;

namespace MLNet.Backprop.Experiments.Tests.Fuzzing;

/// <summary>
/// One tuner fuzz case, from its seed alone: small data at the edges of cross-validation (a handful of rows, fewer
/// positives than folds, one class, constant or missing regression labels, NaN features) and tuner settings both valid
/// and out of range (folds, trials, strategy, parallelism, an empty or invalid search space, a time budget).
/// </summary>
/// <remarks>Key labels are UInt32 only: a key of another raw type fails in the folds' label reader ("Invalid TValue"),
/// which issue 19 replaces with the core's.</remarks>
internal sealed class TunerFuzzCase
{
    public required IDataView Data { get; init; }
    public required Func<BackpropTuner> Tuner { get; init; }
    public required bool Timed { get; init; }
    public required string Description { get; init; }

    public static TunerFuzzCase Generate(int seed)
    {
        var r = new Random(seed);
        int rows = new[] { 0, 1, 3, 6, 12, 30, 60, 120 }[r.Next(8)];
        string label = new[] { "Boolean", "Key", "Single" }[r.Next(3)];
        int columns = r.Next(1, 5);
        double positives = new[] { 0.0, 0.02, 0.1, 0.5, 0.5, 1.0 }[r.Next(6)];
        bool constant = r.Next(6) == 0, missing = r.Next(8) == 0, badFeature = r.Next(10) == 0;
        var labels = Labels(r, label, rows, positives, constant, missing);
        var features = Enumerable.Range(0, rows).Select(i =>
            new VBuffer<float>(columns, Enumerable.Range(0, columns).Select(j => badFeature && i == rows / 2 && j == 0 ? float.NaN : (float)(r.NextDouble() * 2 - 1)).ToArray())).ToArray();
        var data = new FuzzDataView([labels, ("Features", new VectorDataViewType(NumberDataViewType.Single, columns), features, null)], rows, knownCount: r.Next(4) > 0);

        int folds = new[] { 1, 2, 2, 3, 3, 5, 10 }[r.Next(7)];
        int trials = new[] { 0, 1, 2, 3, 4 }[r.Next(5)];
        var strategy = r.Next(2) == 0 ? TuningStrategy.SuccessiveHalving : TuningStrategy.RandomSearch;
        int parallelism = r.Next(1, 4);
        int[][] hidden = r.Next(10) switch { 0 => [], 1 => [[0]], 2 => [[]], _ => [[2], [4, 2]] };
        float[] dropout = r.Next(12) == 0 ? [1.5f] : [0f, 0.2f];
        bool timed = r.Next(10) == 0;
        var epochs = r.Next(5) == 0 ? (int?)null : r.Next(1, 4);
        int ensemble = r.Next(3) == 0 ? 2 : 1;
        BackpropTuner Make() => new(new BackpropTrainer.Options { NumberOfEpochs = epochs, BatchSize = 8, EnsembleSize = ensemble })
        {
            NumberOfTrials = trials, NumberOfFolds = folds, Strategy = strategy, MaxDegreeOfParallelism = parallelism, Seed = seed,
            TimeBudget = timed ? TimeSpan.FromMilliseconds(1) : null,
            Space = { HiddenLayers = hidden, Dropout = dropout, BatchSize = [4, 8] },
        };
        string description = $"{rows} rows label={label} positives={positives}{(constant ? " constant" : "")}{(missing ? " missing" : "")}{(badFeature ? " NaN-feature" : "")} " +
            $"folds={folds} trials={trials} {strategy} parallel={parallelism} hidden=[{string.Join(",", hidden.Select(h => $"[{string.Join(",", h)}]"))}] " +
            $"dropout={dropout[0]} epochs={epochs?.ToString() ?? "auto"}{(timed ? " budget=1ms" : "")}";
        return new TunerFuzzCase { Data = data, Tuner = Make, Timed = timed, Description = description };
    }

    private static (string, DataViewType, Array, Array?) Labels(Random r, string kind, int rows, double positives, bool constant, bool missing)
    {
        bool Positive() => r.NextDouble() < positives;
        switch (kind)
        {
            case "Boolean":
                return ("Label", BooleanDataViewType.Instance, Enumerable.Range(0, rows).Select(_ => !constant && Positive()).ToArray(), null);
            case "Key":
                var keys = Enumerable.Range(0, rows).Select(_ => missing && r.Next(5) == 0 ? 0u : constant ? 1u : (uint)r.Next(1, 4)).ToArray();
                return ("Label", new KeyDataViewType(typeof(uint), 3), keys, r.Next(2) == 0 ? new[] { "a", "b", "c" } : null);
            default:
                var values = Enumerable.Range(0, rows).Select(i => missing && r.Next(5) == 0 ? float.NaN : constant ? 2f : i < 2 ? i : r.Next(3) == 0 ? 1f : (float)r.NextDouble()).ToArray();
                return ("Label", NumberDataViewType.Single, values, null);
        }
    }
}
