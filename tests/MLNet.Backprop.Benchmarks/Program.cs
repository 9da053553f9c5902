using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using MLNet.Backprop.Benchmarks;
using MLNet.Backprop.Numerics;

// Usage:
//   dotnet run -c Release -- [BenchmarkDotNet args]   full BenchmarkDotNet run (e.g. --filter *Gemm*)
//   dotnet run -c Release -- --quick [args]           short BenchmarkDotNet job, for smoke runs
//   dotnet run -c Release -- --gflops [text]          Stopwatch table of GFLOP/s, 1 and 2 threads, for every shape
//                                                     (or those whose name contains text)
//   dotnet run -c Release -- --steps [--profile]      Stopwatch table of training samples/s per shape, 1 and 2 threads
//                                                     (with --profile: time per phase of a step)
if (args.Contains("--steps"))
{
    StepsTable(args.Contains("--profile"));
    return;
}

if (args.Contains("--gflops"))
{
    int at = Array.IndexOf(args, "--gflops");
    StopwatchTable(at + 1 < args.Length ? args[at + 1] : "");
    return;
}

IConfig config = DefaultConfig.Instance;
if (args.Contains("--quick"))
{
    config = config.AddJob(Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1));
    args = args.Where(a => a != "--quick").ToArray();
}

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args, config);

// A fast, dependency-free measurement: best of 15 timed batches of calls per case.
static void StopwatchTable(string filter)
{
    Console.WriteLine($"{"shape",-26} {"m",5} {"n",5} {"k",5} {"1 thread",10} {"2 threads",10}  (GFLOP/s)");
    foreach (GemmShape shape in GemmShape.All.Where(s => s.Name.Contains(filter, StringComparison.Ordinal)))
    {
        var bench = new GemmBenchmarks { Shape = shape };
        string[] cells = new string[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            bench.Threads = threads;
            bench.Setup();
            // Rounds of >= ~10 ms; the best round is reported, which filters out other processes on a busy machine.
            int calls = Math.Max(2, (int)(1.5e9 / shape.Flops));
            double best = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) bench.Multiply();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / calls);
            }

            cells[threads - 1] = (shape.Flops / best / 1e9).ToString("F1", CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"{shape.Name,-26} {shape.M,5} {shape.N,5} {shape.K,5} {cells[0],10} {cells[1],10}");
    }
}

// Best of 15 rounds of >= ~40 ms of training steps per shape and thread count; samples/s = batch / time per step.
static void StepsTable(bool profile)
{
    Console.WriteLine($"{"shape",-22} {"1 thread",12} {"2 threads",12} {"TorchSharp",12} {"ratio",7} {"2T/1T",6}  (samples/s)");
    foreach (TrainingShape shape in TrainingShape.All)
    {
        double[] rates = new double[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            var step = new TrainingStep(shape, threads);
            for (int i = 0; i < 20; i++) step.Run();
            long probe = Stopwatch.GetTimestamp();
            step.Run();
            double once = Math.Max(1e-6, Stopwatch.GetElapsedTime(probe).TotalSeconds);
            int calls = Math.Max(4, (int)(0.04 / once));
            double best = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) step.Run();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / calls);
            }
            rates[threads - 1] = shape.Batch / best;
            if (profile)
            {
                for (int i = 0; i < calls * 5; i++) step.RunTimed();
                long total = step.PhaseTicks.Sum();
                string phases = string.Join("  ", TrainingStep.PhaseNames.Select((n, i) =>
                    $"{n} {step.PhaseTicks[i] * 1e6 / Stopwatch.Frequency / (calls * 5):F1}us ({100.0 * step.PhaseTicks[i] / total:F0}%)"));
                Console.WriteLine($"  {shape} {threads}T: {phases}");
            }
        }
        string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{shape,-22} {F(rates[0]),12} {F(rates[1]),12} {F(shape.TorchSharpSamplesPerSecond),12} " +
            $"{(rates[1] / shape.TorchSharpSamplesPerSecond).ToString("F2", CultureInfo.InvariantCulture),7} {(rates[1] / rates[0]).ToString("F2", CultureInfo.InvariantCulture),6}");
    }
}
