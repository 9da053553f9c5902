using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// `--id-tables [rounds] [keys,keys,...] [rowsPerKey] [epochs] [builds]`: the cost of the id-like tables' default (every row
/// updated every step with a prior) beside the lazy steps it replaced. Synthetic regression rows per size: a user id of
/// `keys` keys and an item id of keys ÷ 10 (each with an effect per key, so the tables learn), four numbers, keys ×
/// rowsPerKey rows; the defaults otherwise, with a fixed epoch count. Per size, rounds that fit "new" (the automatic
/// <see cref="BackpropTrainer.Options.SparseUpdates"/>) and "old" (<see cref="SparseUpdates.Lazy"/> set, the earlier
/// default) and "narrow" (Lazy on the new build's widths, set in <see cref="BackpropTrainer.Options.EmbeddingWidths"/>: the
/// every-row steps' cost alone), or those of `builds` (e.g. new,narrow), in rotating order after a warm-up fit of each; per build the best and median of the whole Fit ÷ epochs
/// and of the networks' mean epoch time (<see cref="EpochReport.Elapsed"/>), the ratios new ÷ the others, each build's
/// table widths and its last fit's RMSE on test rows of the same effects (a fifth as many as the training rows).
/// </summary>
internal static class IdTableFitTable
{
    // The optimizer and rate of every fit (`--id-tables ... OPTIMIZER[:RATE]`); the defaults otherwise.
    private static OptimizerKind Optimizer = OptimizerKind.Adam;
    private static float? Rate;

    public static void Print(int rounds, int[] sizes, double rowsPerKey, int epochs, string[] buildNames, OptimizerKind optimizer = OptimizerKind.Adam, float? rate = null)
    {
        Optimizer = optimizer;
        Rate = rate;
        Console.WriteLine($"id tables: user keys × {rowsPerKey.ToString(CultureInfo.InvariantCulture)} rows, items = users ÷ 10, 4 numbers, regression; " +
            $"{epochs} epochs, {optimizer} at {(rate ?? new BackpropTrainer.Options().LearningRate).ToString(CultureInfo.InvariantCulture)}, defaults otherwise; {rounds} rotating rounds after a warm-up; load average {LoadAverage()} (start)");
        Console.WriteLine($"  {"user keys",10} {"rows",10}  {"build",4} {"widths",12} {"fit/epoch best",15} {"median",8} {"net epoch best",15} {"median",8} {"test RMSE",10}");
        foreach (int keys in sizes)
        {
            var ml = new MLContext(seed: 0);
            int rows = (int)Math.Round(keys * rowsPerKey);
            var (train, test) = Views(ml, keys, Math.Max(1, keys / 10), rows);
            var data = ml.Data.Cache(train);
            // "narrow": Lazy steps on the new widths, which isolates the every-row steps' cost from the narrower tables'.
            var builds = new (string Name, SparseUpdates? Updates)[] { ("new", null), ("old", SparseUpdates.Lazy), ("narrow", SparseUpdates.Lazy) }
                .Where(b => buildNames.Contains(b.Name)).ToArray();
            var fits = builds.ToDictionary(b => b.Name, _ => new List<double>());
            var epochTimes = builds.ToDictionary(b => b.Name, _ => new List<double>());
            var widths = new Dictionary<string, string>();
            var rmse = new Dictionary<string, double>();
            int[]? narrow = null;
            // The new widths from a fit of the new build (the warm-up of the first size: later sizes need no JIT warm-up).
            if (keys == sizes[0] || buildNames.Contains("narrow"))
            {
                var first = Fit(ml, data, test, null, epochs, null);
                narrow = first.Widths;
            }
            foreach (var (name, updates) in builds)
                if (keys == sizes[0]) Fit(ml, data, test, updates, epochs, name == "narrow" ? narrow : null); // warm-up
            for (int round = 0; round < rounds; round++)
                for (int k = 0; k < builds.Length; k++)
                {
                    var (name, updates) = builds[(round + k) % builds.Length];
                    GC.Collect();
                    var fit = Fit(ml, data, test, updates, epochs, name == "narrow" ? narrow : null);
                    rmse[name] = fit.TestRmse;
                    fits[name].Add(fit.Seconds / epochs);
                    epochTimes[name].Add(fit.EpochSeconds);
                    widths[name] = string.Join("+", fit.Widths);
                }
            foreach (var (name, _) in builds)
                Console.WriteLine($"  {keys,10:N0} {rows,10:N0}  {name,4} {widths[name],12} {F(fits[name].Min(), "F3") + " s",15} {F(Median(fits[name]), "F3"),8} " +
                    $"{F(epochTimes[name].Min(), "F3") + " s",15} {F(Median(epochTimes[name]), "F3"),8} {F(rmse[name], "F4"),10}");
            foreach (var (name, _) in builds.Skip(1).Where(_ => builds[0].Name == "new"))
                Console.WriteLine($"  {"",10} {"",10}  new/{name} fit per epoch {F(fits["new"].Min() / fits[name].Min(), "F2")}× best, {F(Median(fits["new"]) / Median(fits[name]), "F2")}× median; " +
                    $"network epoch {F(epochTimes["new"].Min() / epochTimes[name].Min(), "F2")}× best, {F(Median(epochTimes["new"]) / Median(epochTimes[name]), "F2")}× median");
            Console.WriteLine($"  load average {LoadAverage()}");
        }
    }

    private static (double Seconds, double EpochSeconds, int[] Widths, double TestRmse) Fit(MLContext ml, IDataView data, IDataView test, SparseUpdates? updates, int epochs, int[]? widths)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", CategoricalColumnNames = ["User", "Item"], NumberOfEpochs = epochs, Seed = 0, SparseUpdates = updates,
            Optimizer = Optimizer,
        };
        if (Rate is float rate) options.LearningRate = rate;
        if (widths is not null) options.EmbeddingWidths = new() { ["User"] = widths[0], ["Item"] = widths[1] };
        long start = Stopwatch.GetTimestamp();
        var transformer = ml.Regression.Trainers.Backprop(options).Fit(data);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var model = transformer.Model;
        double rmse = ml.Regression.Evaluate(transformer.Transform(test), "Value").RootMeanSquaredError;
        double epochSeconds = model.NetworkHistories.SelectMany(h => h.Epochs).Average(e => e.Elapsed.TotalSeconds);
        // The two tables are the last parts (after the features and their numeric encoding).
        int[] tableWidths = [.. model.Networks[0].Input.Parts.TakeLast(2).Select(p => p.Description.Rows)];
        return (seconds, epochSeconds, tableWidths, rmse);
    }

    /// <summary>Value = the user's effect + the item's effect + 0.5·x₀ − 0.3·x₁ + noise; keys 1.. (0 is the missing key);
    /// <paramref name="rows"/> training rows and a fifth as many test rows of the same effects.</summary>
    private static (IDataView Train, IDataView Test) Views(MLContext ml, int users, int items, int rows)
    {
        var random = new Random(7);
        float[] userEffect = Enumerable.Range(0, users).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] itemEffect = Enumerable.Range(0, items).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var data = new Row[rows + rows / 5];
        for (int r = 0; r < data.Length; r++)
        {
            int u = random.Next(users), i = random.Next(items);
            var x = new float[4];
            for (int c = 0; c < x.Length; c++) x[c] = (float)(random.NextDouble() * 2 - 1);
            data[r] = new Row
            {
                User = (uint)u + 1, Item = (uint)i + 1, Features = x,
                Value = userEffect[u] + itemEffect[i] + 0.5f * x[0] - 0.3f * x[1] + 0.3f * (float)(random.NextDouble() - 0.5),
            };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.User)].ColumnType = new KeyDataViewType(typeof(uint), users);
        schema[nameof(Row.Item)].ColumnType = new KeyDataViewType(typeof(uint), items);
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 4);
        return (ml.Data.LoadFromEnumerable(data[..rows], schema), ml.Data.LoadFromEnumerable(data[rows..], schema));
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private sealed class Row
    {
        public uint User { get; set; }
        public uint Item { get; set; }
        public float[] Features { get; set; } = [];
        public float Value { get; set; }
    }
}
