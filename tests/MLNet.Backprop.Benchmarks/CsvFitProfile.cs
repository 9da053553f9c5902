using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The default model's <c>Fit</c> on an all-numeric benchmark CSV (label last; a binary label given its positive value,
/// otherwise multiclass), featurized as the quality tool does (mean imputation, unit variance), timed a few times and
/// then profiled once with <see cref="PhaseClock"/> (the phases of the networks the calling thread trains).
/// </summary>
internal static class CsvFitProfile
{
    public static void Print(string path, string? positive, int rounds)
    {
        var ml = new MLContext(seed: 0);
        string[] header = File.ReadLines(path).First().Split(',');
        int features = header.Length - 1;
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [','], HasHeader = true, AllowQuoting = true, MissingRealsAsNaNs = true,
            Columns =
            [
                new TextLoader.Column("Numeric", DataKind.Single, 0, features - 1),
                new TextLoader.Column("LabelText", DataKind.String, features),
            ],
        });
        var data = loader.Load(path);
        IEstimator<ITransformer> label = positive is null
            ? ml.Transforms.Conversion.MapValueToKey("Label", "LabelText")
            : ml.Transforms.CustomMapping<LabelIn, LabelOut>((i, o) => o.Label = i.LabelText == positive, contractName: null);
        var featurized = label
            .Append(ml.Transforms.ReplaceMissingValues("Numeric", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.NormalizeMeanVariance("Features", "Numeric"))
            .Fit(data).Transform(data);
        var cached = ml.Data.Cache(featurized);
        IEstimator<ITransformer> Trainer() => positive is null
            ? ml.MulticlassClassification.Trainers.Backprop("Label", "Features")
            : ml.BinaryClassification.Trainers.Backprop("Label", "Features");
        var first = Trainer().Fit(cached);
        var model = (first as BackpropTransformer)?.Model;
        foreach (var network in model?.Networks ?? [])
            Console.WriteLine(string.Join(" + ", network.Input.Parts.Select(p => $"{p.GetType().Name}({p.Description.Kind}, {p.Description.Slots} slots -> {p.Description.Rows} rows)")) +
                " | " + string.Join(" -> ", network.Layers.Select(l => $"{l.InputSize}x{l.OutputSize} {l.Activation}")));
        // Wall time and the process's CPU time per fit: on a machine shared with other work the CPU time is the steadier
        // measure of the fit's own cost (the fit keeps both cores busy, so it is also about twice the wall time when idle).
        var times = new List<(double Wall, double Cpu)>();
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < rounds; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            Trainer().Fit(cached);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            times.Add((wall, (process.TotalProcessorTime - cpu).TotalSeconds));
        }
        string Seconds(IEnumerable<double> values) => string.Join(" ", values.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)));
        if (times.Count > 0)
            Console.WriteLine($"{Path.GetFileName(path)}: fit wall {Seconds(times.Select(t => t.Wall))} s; cpu {Seconds(times.Select(t => t.Cpu))} s; " +
                $"median wall {Median(times.Select(t => t.Wall)):F3} cpu {Median(times.Select(t => t.Cpu)):F3}");
        var clock = PhaseClock.Start();
        Trainer().Fit(cached);
        clock.Stop();
        var phases = Enum.GetValues<TrainingPhase>();
        double total = phases.Sum(clock.Seconds);
        Console.WriteLine($"profiled: {total * 1e3:F1} ms, {clock.Steps} steps on this thread");
        foreach (var p in phases)
            Console.WriteLine($"  {p,-14} {clock.Seconds(p) * 1e3,9:F1} ms {100 * clock.Seconds(p) / total,5:F1}%  {clock.Seconds(p) * 1e6 / Math.Max(1, clock.Steps),8:F1} us/step");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class LabelIn
    {
        public string LabelText { get; set; } = "";
    }

    private sealed class LabelOut
    {
        public bool Label { get; set; }
    }
}
