using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using MLNet.Backprop;
using MLNet.Backprop.Benchmarks;
using MLNet.Backprop.Numerics;

// Usage:
//   dotnet run -c Release -- [BenchmarkDotNet args]   full BenchmarkDotNet run (e.g. --filter *Gemm*)
//   dotnet run -c Release -- --quick [args]           short BenchmarkDotNet job, for smoke runs
//   dotnet run -c Release -- --gflops [text]          Stopwatch table of GFLOP/s, 1 and 2 threads, for every shape
//                                                     (or those whose name contains text)
//   dotnet run -c Release -- --steps [--profile]      Stopwatch table of training samples/s per shape, 1 and 2 threads
//                                                     (with --profile: time per phase of a step)
//   dotnet run -c Release -- --kernels                GB/s of the non-GEMM passes (gradient norm, Adam), 1 and 2 threads
//   dotnet run -c Release -- --slot-names-profile dataDir [rounds] [bind]   the fine-food reviews' FeaturizeText model with
//                                                     and without its stored slot names: file sizes, save, load and bind
//                                                     times (bind: the binding alone)
//   dotnet run -c Release -- --churn-fit [rounds]     churn pipeline.Fit of every trainer (the MLP with the current defaults too),
//                                                     rotating rounds, best/median and the ratio to LbfgsLogisticRegression
//   dotnet run -c Release -- --churn                  Stopwatch: churn Fit per trainer, scoring latency, Transform rows/s,
//                                                     diagnostics overhead
//   dotnet run -c Release -- --scoring [rounds]       Stopwatch: churn scoring of every trainer side by side (PredictionEngine
//                                                     model alone and whole pipeline, Transform rows/s, bytes per row)
//   dotnet run -c Release -- --scoring-profile        Stopwatch: the default churn model's scoring, piece by piece
//   dotnet run -c Release -- --onnx-profile [dir]     Stopwatch + ONNX Runtime profile: the default churn model after
//                                                     ml.Model.Save/Load (OnnxTransformer), beside dir/before.onnx if there
//   dotnet run -c Release -- --onnx-embedding-profile [dir]  Stopwatch: the CreditRisk and Recommendation samples' shapes of
//                                                     ensembles with embedding tables after ml.Model.Save/Load and in ONNX
//                                                     Runtime alone, beside dir/NAME/before.zip and before.onnx if there
//   dotnet run -c Release -- --spin-scoring seconds   the default churn model's PredictionEngine in a loop (for perf record)
//   dotnet run -c Release -- --profile-csv file [positive|-] [rounds]
//                                                     the default model's Fit on an all-numeric benchmark CSV (label last;
//                                                     binary with its positive value, else multiclass): its networks, timed
//                                                     fits, then one profiled with PhaseClock (for perf record too)
//   dotnet run -c Release -- --id-tables [rounds] [keys,keys,...] [rowsPerKey] [epochs] [new,old,narrow] [Optimizer[:rate]]
//                                                     id-like tables' default (every-row steps with a prior) beside explicit
//                                                     Lazy and Lazy on the same narrow tables, synthetic user/item ids: time
//                                                     per epoch in rotating rounds, test RMSE
if (args.Contains("--profile-csv"))
{
    // The default model's Fit on an all-numeric CSV, timed then profiled: --profile-csv file [positive|-] [rounds]
    int at = Array.IndexOf(args, "--profile-csv");
    string? positive = at + 2 < args.Length && args[at + 2] != "-" ? args[at + 2] : null;
    CsvFitProfile.Print(args[at + 1], positive, at + 3 < args.Length ? int.Parse(args[at + 3], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Contains("--id-tables"))
{
    // Defaults: 3 rounds; 10k, 30k and 100k user keys; 5 rows per key; 2 epochs; the three builds. Not 1M by default: beyond
    // the prior's bound "new" is the earlier default, whose 600-wide tables take about 8 GB a network there.
    int at = Array.IndexOf(args, "--id-tables");
    string Arg(int i, string fallback) => at + i < args.Length ? args[at + i] : fallback;
    IdTableFitTable.Print(int.Parse(Arg(1, "3"), CultureInfo.InvariantCulture),
        Arg(2, "10000,30000,100000").Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToArray(),
        double.Parse(Arg(3, "5"), CultureInfo.InvariantCulture), int.Parse(Arg(4, "2"), CultureInfo.InvariantCulture), Arg(5, "new,old,narrow").Split(','),
        Enum.Parse<OptimizerKind>(Arg(6, "Adam").Split(':')[0]), Arg(6, "Adam").Split(':') is [_, var rate] ? float.Parse(rate, CultureInfo.InvariantCulture) : null);
    return;
}

if (args.Contains("--slot-names-profile"))
{
    // Storing the training slot names of a wide (FeaturizeText) model: --slot-names-profile dataDir [rounds] [bind]
    int at = Array.IndexOf(args, "--slot-names-profile");
    SlotNamesProfile.Print(args[at + 1], at + 2 < args.Length ? int.Parse(args[at + 2], CultureInfo.InvariantCulture) : 5, args.Contains("bind"));
    return;
}

if (args.Contains("--churn-fit"))
{
    int at = Array.IndexOf(args, "--churn-fit");
    ChurnFitTable.Print(at + 1 < args.Length && int.TryParse(args[at + 1], out int rounds) ? rounds : 7);
    return;
}

if (args.Contains("--scoring"))
{
    int at = Array.IndexOf(args, "--scoring");
    ScoringTable.Print(at + 1 < args.Length && int.TryParse(args[at + 1], out int rounds) ? rounds : 7);
    return;
}

if (args.Contains("--onnx-profile"))
{
    int at = Array.IndexOf(args, "--onnx-profile");
    OnnxScoringProfile.Print(at + 1 < args.Length ? args[at + 1] : Path.Combine(Path.GetTempPath(), "onnx-profile"));
    return;
}

if (args.Contains("--onnx-embedding-profile"))
{
    int at = Array.IndexOf(args, "--onnx-embedding-profile");
    OnnxEmbeddingProfile.Print(at + 1 < args.Length ? args[at + 1] : Path.Combine(Path.GetTempPath(), "onnx-embedding-profile"));
    return;
}

if (args.Contains("--scoring-profile"))
{
    ScoringProfile.Print();
    return;
}

if (args.Contains("--spin-scoring"))
{
    // The default churn model's PredictionEngine (model alone) in a loop, for a profiler: --spin-scoring seconds
    int at = Array.IndexOf(args, "--spin-scoring");
    var s = new ChurnScoring("Backprop (current defaults)");
    var model = ((BackpropTransformer)s.Models[0].Model).Model;
    foreach (var network in model.Networks)
        Console.WriteLine(string.Join(" + ", network.Input.Parts.Select(p => $"{p.GetType().Name}({p.Description.Kind}, {p.Description.Slots} slots -> {p.Description.Rows} rows)")) +
            " | " + string.Join(" -> ", network.Layers.Select(l => $"{l.InputSize}x{l.OutputSize} {l.Activation}")));
    var until = Stopwatch.StartNew();
    long calls = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[at + 1], CultureInfo.InvariantCulture))
        s.Models[0].ModelEngine.Predict(s.FeatureRows[calls++ % s.FeatureRows.Length]);
    Console.WriteLine($"{calls} rows, {until.Elapsed.TotalMilliseconds * 1e3 / calls:F2} us each");
    return;
}

if (args.Contains("--churn"))
{
    ChurnTable();
    return;
}

if (args.Contains("--churn-overhead"))
{
    var ml = new Microsoft.ML.MLContext(seed: 0);
    var (train, _) = ChurnData.Load(ml);
    var cached = ml.Data.Cache(ChurnData.Featurizer(ml).Fit(train).Transform(train));
    foreach (int threads in new[] { 1, 2 })
    foreach (int epochs in new[] { 1, 50 })
    {
        var options = ChurnData.BackpropOptions();
        options.NumberOfEpochs = epochs;
        options.NumberOfThreads = threads;
        ml.BinaryClassification.Trainers.Backprop(options).Fit(cached);
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            ml.BinaryClassification.Trainers.Backprop(options).Fit(cached);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine($"threads {threads} epochs {epochs}: {best:F1} ms");
    }
    return;
}

if (args.Contains("--spin"))
{
    // Runs one shape's step in a loop for a profiler (perf record): --spin shapeIndex threads seconds
    int at = Array.IndexOf(args, "--spin");
    var spin = new TrainingStep(TrainingShape.All[int.Parse(args[at + 1], CultureInfo.InvariantCulture)], int.Parse(args[at + 2], CultureInfo.InvariantCulture));
    var until = Stopwatch.StartNew();
    long steps = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[at + 3], CultureInfo.InvariantCulture)) { spin.Run(); steps++; }
    Console.WriteLine($"{steps} steps, {steps * spin.Batch / until.Elapsed.TotalSeconds:N0} samples/s");
    return;
}

if (args.Contains("--spin-fit"))
{
    // Whole BackpropTrainer.Fit of one shape in a loop, for a profiler: --spin-fit shapeIndex threads seconds [batches per epoch]
    int at = Array.IndexOf(args, "--spin-fit");
    var shape = TrainingShape.All[int.Parse(args[at + 1], CultureInfo.InvariantCulture)];
    int threads = int.Parse(args[at + 2], CultureInfo.InvariantCulture);
    int batches = at + 4 < args.Length ? int.Parse(args[at + 4], CultureInfo.InvariantCulture) : 64;
    var ml = new Microsoft.ML.MLContext(seed: 0);
    var view = ml.Data.Cache(FitData.View(ml, shape.Inputs, shape.Batch * batches));
    var options = new BackpropTrainer.Options
    {
        HiddenLayers = shape.Hidden, BatchSize = shape.Batch, NumberOfEpochs = 1, NumberOfThreads = threads, Seed = 0,
        Activation = Activation.ReLU, EnsembleSize = 1, StandardizeFeatures = false, // the shape's one network, as the step benchmarks train it
        NumericEncoding = NumericEncoding.None,
    };
    var until = Stopwatch.StartNew();
    int fits = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[at + 3], CultureInfo.InvariantCulture))
    {
        new BackpropTrainer(ml, options).Fit(view);
        fits++;
    }
    Console.WriteLine($"{fits} fits, {until.Elapsed.TotalMilliseconds / fits:F1} ms each");
    var clock = PhaseClock.Start();
    new BackpropTrainer(ml, options).Fit(view);
    clock.Stop();
    double total = Enum.GetValues<TrainingPhase>().Sum(clock.Seconds);
    Console.WriteLine($"profiled: {total * 1e3:F1} ms, {clock.Steps} steps; " + string.Join("  ", Enum.GetValues<TrainingPhase>().Select(p =>
        $"{p} {clock.Seconds(p) * 1e3:F2} ms ({100 * clock.Seconds(p) / total:F0}%)")));
    return;
}

if (args.Contains("--spin-churn"))
{
    // Whole churn pipeline fits in a loop for a profiler.
    var ml = new Microsoft.ML.MLContext(seed: 0);
    var (train, _) = ChurnData.Load(ml);
    // --spin-churn [epochs]: with epochs, only the trainer, on cached features.
    int at = Array.IndexOf(args, "--spin-churn");
    int? epochs = at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    var cached = ml.Data.Cache(ChurnData.Featurizer(ml).Fit(train).Transform(train));
    var options = ChurnData.BackpropOptions();
    options.NumberOfEpochs = epochs ?? 50;
    var until = Stopwatch.StartNew();
    int fits = 0;
    while (until.Elapsed.TotalSeconds < 8)
    {
        if (epochs is null) ChurnData.Pipeline(ml, "Backprop").Fit(train);
        else ml.BinaryClassification.Trainers.Backprop(options).Fit(cached);
        fits++;
    }
    Console.WriteLine($"{fits} fits, {until.Elapsed.TotalSeconds / fits:F3} s each");
    return;
}

if (args.Contains("--kernels"))
{
    KernelTable.Print();
    return;
}

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
                int steps = calls * 5;
                var clock = PhaseClock.Start();
                for (int i = 0; i < steps; i++) step.Run();
                clock.Stop();
                var phases = Enum.GetValues<TrainingPhase>().Where(p => clock.Seconds(p) > 0).ToArray();
                double total = phases.Sum(clock.Seconds);
                Console.WriteLine($"  {shape} {threads}T: " + string.Join("  ", phases.Select(p =>
                    $"{p} {clock.Seconds(p) * 1e6 / steps:F1}us ({100 * clock.Seconds(p) / total:F0}%)")));
            }
        }
        string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{shape,-22} {F(rates[0]),12} {F(rates[1]),12} {F(shape.TorchSharpSamplesPerSecond),12} " +
            $"{(rates[1] / shape.TorchSharpSamplesPerSecond).ToString("F2", CultureInfo.InvariantCulture),7} {(rates[1] / rates[0]).ToString("F2", CultureInfo.InvariantCulture),6}");
    }
}

// Best and median of several timed runs of each churn measurement.
static void ChurnTable()
{
    static (double Best, double Median) Time(int runs, Action action)
    {
        action();
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        times.Sort();
        return (times[0], times[times.Count / 2]);
    }

    string S(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);
    var ml = new Microsoft.ML.MLContext(seed: 0);
    var (train, test) = ChurnData.Load(ml);
    Console.WriteLine("churn pipeline.Fit (featurizer + trainer, 5 642 rows; best / median of 5 s) and test AUC");
    foreach (string trainer in ChurnData.Trainers)
    {
        Microsoft.ML.ITransformer model = null!;
        var t = Time(5, () => model = ChurnData.Pipeline(ml, trainer).Fit(train));
        double auc = ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve;
        var score = Time(5, () => ml.BinaryClassification.Evaluate(model.Transform(test)));
        Console.WriteLine($"  {trainer,-24} fit {S(t.Best)} / {S(t.Median)}   test scoring+evaluate {S(score.Best)}   AUC {auc:F4}");
    }
    var cached = ml.Data.Cache(ChurnData.Featurizer(ml).Fit(train).Transform(train));
    foreach (bool diagnostics in new[] { true, false })
    {
        var t = Time(5, () => ChurnData.Trainer(ml, "Backprop", diagnostics).Fit(cached));
        Console.WriteLine($"  Backprop trainer alone on cached features, RecordDiagnostics={diagnostics}: {S(t.Best)} / {S(t.Median)}");
    }

    var s = new ChurnScoring("Backprop", "LightGbm");
    var (mlp, lightGbm) = (s.Models[0], s.Models[1]);
    int rows = s.RawRows.Length;
    Console.WriteLine($"PredictionEngine latency per row (best of 7 rounds over {rows} test rows, after one warm-up round)");
    foreach (var (name, action) in new (string, Action<int>)[]
    {
        ("pipeline, MLP", i => mlp.PipelineEngine.Predict(s.RawRows[i])),
        ("pipeline, LightGbm", i => lightGbm.PipelineEngine.Predict(s.RawRows[i])),
        ("model alone, MLP", i => mlp.ModelEngine.Predict(s.FeatureRows[i])),
        ("model alone, LightGbm", i => lightGbm.ModelEngine.Predict(s.FeatureRows[i])),
    })
    {
        var t = Time(7, () => { for (int i = 0; i < rows; i++) action(i); });
        Console.WriteLine($"  {name,-24} {t.Best / rows * 1e6:F2} us (median round {t.Median / rows * 1e6:F2} us)");
    }
    var transform = Time(7, () => mlp.ScoreAll());
    Console.WriteLine($"Transform + cursor, MLP: {ScoringBenchmarks.TransformRows / transform.Best:N0} rows/s (median {ScoringBenchmarks.TransformRows / transform.Median:N0})");

    Console.WriteLine("Diagnostics overhead (MlpTrainer.Train, 1 thread; 15 alternating runs each)");
    foreach (string network in new[] { "churn", "wide" })
    {
        var on = new DiagnosticsOverheadBenchmarks { Network = network, RecordDiagnostics = true };
        var off = new DiagnosticsOverheadBenchmarks { Network = network, RecordDiagnostics = false };
        on.Setup();
        off.Setup();
        var timesOn = new List<double>();
        var timesOff = new List<double>();
        for (int i = 0; i < 16; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            on.Train();
            long t1 = Stopwatch.GetTimestamp();
            off.Train();
            long t2 = Stopwatch.GetTimestamp();
            if (i == 0) continue;
            timesOn.Add(Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
            timesOff.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
        }
        timesOn.Sort();
        timesOff.Sort();
        double bestOn = timesOn[0], bestOff = timesOff[0], medianOn = timesOn[timesOn.Count / 2], medianOff = timesOff[timesOff.Count / 2];
        Console.WriteLine($"  {network,-6} on {S(bestOn)} s, off {S(bestOff)} s: overhead {(bestOn / bestOff - 1) * 100:F1} % (best); " +
            $"medians {S(medianOn)} / {S(medianOff)} s: {(medianOn / medianOff - 1) * 100:F1} %");
    }
}
