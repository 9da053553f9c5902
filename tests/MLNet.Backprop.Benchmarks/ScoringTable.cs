using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <c>--scoring [rounds]</c>: every trainer of <see cref="ChurnData.Trainers"/> scored side by side in one process, cases in
/// rotating order each round: <c>PredictionEngine</c> latency per row (the model alone from the feature vector, the whole
/// pipeline from the raw row; every test row per pass, passes repeated to at least 50 ms), batch <c>Transform</c> + cursor
/// throughput (<see cref="ScoringBenchmarks.TransformRows"/> rows), and the bytes each allocates per row (this thread's
/// allocation counter over a pass). Best (median) of the rounds; the load average before and after.
/// </summary>
public static class ScoringTable
{
    /// <summary>Runs the table.</summary>
    public static void Print(int rounds)
    {
        Console.WriteLine($"load before fitting: {Load()}");
        var s = new ChurnScoring([.. ChurnData.Trainers, ChurnScoring.Served]);
        int rows = s.RawRows.Length;
        var cases = s.Models.SelectMany(m => new (string Model, string What, Func<double> Run)[]
        {
            (m.Name, "model", () => Pass(rows, i => m.ModelEngine.Predict(s.FeatureRows[i]))),
            (m.Name, "pipeline", () => Pass(rows, i => m.PipelineEngine.Predict(s.RawRows[i]))),
            (m.Name, "transform", () => m.ScoreAll()),
        }).ToArray();
        var times = cases.Select(_ => new List<double>()).ToArray();
        var bytes = new double[cases.Length];
        for (int c = 0; c < cases.Length; c++)
        {
            cases[c].Run(); // warm-up
            long before = GC.GetAllocatedBytesForCurrentThread();
            cases[c].Run();
            bytes[c] = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rows(cases[c].What, rows);
        }
        // ML.NET's Predict(example) creates the output object each call; Predict(example, ref output) reuses one.
        var reused = new ChurnPrediction();
        var reusedBytes = s.Models.Select(m =>
        {
            foreach (var row in s.FeatureRows) m.ModelEngine.Predict(row, ref reused);
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var row in s.FeatureRows) m.ModelEngine.Predict(row, ref reused);
            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)rows;
        }).ToArray();
        Console.WriteLine($"load at the start of timing: {Load()}");
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < cases.Length; k++)
            {
                int c = (k + round * 3) % cases.Length;
                int passes = 1;
                long start = Stopwatch.GetTimestamp();
                cases[c].Run();
                // Short passes repeated to at least 50 ms, so that the timer's resolution and one interruption matter less.
                while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 50) { cases[c].Run(); passes++; }
                times[c].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / passes / Rows(cases[c].What, rows));
            }
        Console.WriteLine($"load at the end: {Load()}");
        Console.WriteLine($"{rounds} rounds, best (median); PredictionEngine over the {rows} test rows, Transform over {ScoringBenchmarks.TransformRows:N0} rows");
        Console.WriteLine($"| trainer | PE model alone µs/row | PE whole pipeline µs/row | Transform + cursor rows/s | B/row (model, pipeline, Transform; model with Predict(row, ref output)) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (int m = 0; m < s.Models.Length; m++)
        {
            string Us(int c) => $"{F(Best(c) * 1e6, "F2")} ({F(Median(c) * 1e6, "F2")})";
            int b = m * 3;
            Console.WriteLine($"| {s.Models[m].Name} | {Us(b)} | {Us(b + 1)} | {F(1 / Best(b + 2), "N0")} ({F(1 / Median(b + 2), "N0")}) | " +
                $"{F(bytes[b], "F0")}, {F(bytes[b + 1], "F0")}, {F(bytes[b + 2], "F1")}; {F(reusedBytes[m], "F0")} |");
        }
        Console.WriteLine($"scores of the test rows (FNV-1a of the Probability bits; engine, Transform): " +
            string.Join("; ", s.Models.Select(m => $"{m.Name}: {ScoreHash(s, m)}")));

        double Best(int c) => times[c].Min();
        double Median(int c) => times[c].Order().ElementAt(times[c].Count / 2);
    }

    private static int Rows(string what, int rows) => what == "transform" ? ScoringBenchmarks.TransformRows : rows;

    private static double Pass(int rows, Action<int> predict)
    {
        for (int i = 0; i < rows; i++) predict(i);
        return 0;
    }

    /// <summary>Hashes of the test rows' probabilities from the model-alone engine and from Transform (equal when both
    /// paths give the same bits).</summary>
    private static string ScoreHash(ChurnScoring s, ChurnScoring.Scored m)
    {
        uint engine = 2166136261;
        foreach (var row in s.FeatureRows) engine = Fnv(engine, m.ModelEngine.Predict(row).Probability);
        var view = m.Model.Transform(s.Ml.Data.LoadFromEnumerable(s.FeatureRows, s.Definition));
        uint transform = 2166136261;
        foreach (float p in view.GetColumn<float>("Probability")) transform = Fnv(transform, p);
        return $"{engine:x8}, {transform:x8}";
    }

    private static uint Fnv(uint hash, float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        for (int i = 0; i < 4; i++) hash = (hash ^ ((bits >> (8 * i)) & 0xff)) * 16777619;
        return hash;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "(unknown)";
}
