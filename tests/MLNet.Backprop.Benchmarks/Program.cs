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
