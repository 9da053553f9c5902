using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.TorchComparison;

// Trains the same networks on the same data with BackpropTrainer.Fit and with TorchSharp, in this one process, and
// prints a Markdown report on standard output (progress goes to standard error). Options: see ComparisonOptions.Usage
// or README.md beside this file.
ComparisonOptions options;
try
{
    options = ComparisonOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(ComparisonOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(ComparisonOptions.Usage);
    return 0;
}

if (typeof(BackpropTrainer).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true || Debugger.IsAttached)
{
    Console.Error.WriteLine("MLNet.Backprop is built without optimisation or a debugger is attached: run with -c Release and no debugger.");
    return 4;
}

static void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

string loadAtStart = MachineInfo.LoadAverage;
var clock = Stopwatch.StartNew();
try
{
    TorchRuntime.Initialize(options.Threads.Max());
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(e.InnerException?.InnerException?.Message ?? e.InnerException?.Message);
    return 3;
}
Log($"TorchSharp {TorchRuntime.TorchSharpVersion} loaded; load average {loadAtStart}");

var shapes = options.EffectiveShapes.ToList();
var results = new List<ShapeResult>();
var costs = new Dictionary<ComparisonShape, DataCosts>();
var ml = new MLContext(seed: 0);
foreach (var shape in shapes)
{
    Log($"{shape}: generating {shape.Rows:N0} rows");
    var data = SyntheticData.Generate(shape.Rows, shape.Inputs, seed: 1);
    var mlNetData = MlNetData.Create(ml, data);
    long start = Stopwatch.GetTimestamp();
    using var torchData = new TorchData(data, shape.Batch);
    var torchCost = Stopwatch.GetElapsedTime(start);
    costs[shape] = new DataCosts(mlNetData.OneTimeCost, torchCost, MlNetData.CursorPass(mlNetData.View));
    Log($"{shape}: {data.PositiveShare:P1} positive; ML.NET rows + cache {mlNetData.OneTimeCost.TotalMilliseconds:F0} ms, tensors {torchCost.TotalMilliseconds:F0} ms");

    var cases = TrainingCases.For(shape, ml, mlNetData, torchData);
    foreach (int threads in options.Threads)
    {
        Log($"{shape}, {threads} thread(s): {options.Warmups} warm-up and {options.Runs} timed run(s) of {shape.Rows:N0} rows × {shape.Epochs} epoch(s)");
        results.Add(ShapeComparison.Run(shape, cases, threads, options.Warmups, options.Runs, Log));
    }
    foreach (var c in cases) c.Dispose();
}

IReadOnlyList<GemmProduct> products = [];
IReadOnlyList<IGemmBackend> backends = [];
double[][][] gemmRates = [];
CpuActivity? gemmOthers = null;
if (options.Gemm)
{
    products = GemmProduct.ForShapes(shapes).Take(options.Quick ? 4 : int.MaxValue).ToList();
    backends = GemmReference.Backends();
    Log($"GEMM reference: {products.Count} products × {backends.Count} backend(s) × {options.Threads.Count} thread count(s)");
    var gemmStart = CpuActivity.Take();
    gemmRates = GemmReference.Measure(products, backends, options.Threads, options.Quick);
    gemmOthers = CpuActivity.Between(gemmStart, CpuActivity.Take());
    foreach (var b in backends) b.Dispose();
}
string loadAtEnd = MachineInfo.LoadAverage;
Log($"done in {clock.Elapsed.TotalSeconds:F0} s; load average {loadAtEnd}");

string library = typeof(BackpropTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
var report = new List<string>
{
    "## BackpropTrainer.Fit vs TorchSharp: training throughput",
    "",
    "Command (from the repository root):",
    "",
    "```bash",
    "dotnet run -c Release --project tests/MLNet.Backprop.TorchComparison --" + string.Concat(args.Select(a => " " + a)),
    "```",
    "",
    $"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; MLNet.Backprop {library}; total {clock.Elapsed.TotalSeconds:F0} s",
    $"- Load average (1/5/15 min): {loadAtStart} at the start, {loadAtEnd} at the end",
};
report.AddRange(MachineInfo.Describe());
report.Add($"- Threads: ours `Options.NumberOfThreads` = the table's count; TorchSharp `torch.set_num_threads` = the same count, " +
    $"`set_num_interop_threads({options.Threads.Max()})` once per process (now {TorchSharp.torch.get_num_interop_threads()})");
report.Add($"- Timed runs per case: {options.Runs} after {options.Warmups} untimed warm-up run(s) each, the order of the cases rotating from run to run" +
    (options.Quick ? "; **--quick: a smoke check, 8 batches per epoch, not a measurement**" : ""));
var busiest = results.Where(r => r.Others is not null).Select(r => r.Others!.Value).DefaultIfEmpty().MaxBy(a => a.OtherCores + a.StealCores);
if (busiest.OtherCores + busiest.StealCores > 0.1)
    report.Add($"- **Warning: other processes used up to {busiest.OtherCores + busiest.StealCores:F2} cores during the timed runs** (column \"others\"): " +
        "the figures are not a clean measurement; two-thread figures suffer most, TorchSharp's OpenMP pool in particular.");
report.Add("");
report.AddRange(MarkdownReport.ThroughputTables(results));
report.Add("What each run includes (samples/s = rows × epochs / run time):");
report.Add("");
report.Add("- **ours (Fit)**: `new BackpropTrainer(ml, options).Fit(view)` on a `LoadFromEnumerable` view wrapped in `ml.Data.Cache` and filled " +
    "before timing; defaults apart from network, batch, epochs, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay), threads and " +
    "seed, so statistics recording and the diagnosis are on. Includes reading the rows out of the view, checks, feature-scale report, " +
    "initialisation, per-epoch shuffling and gathering, per-layer statistics and gradient norms, epoch reports, diagnosis.");
report.Add("- **TorchSharp, contiguous batches**: network + Adam construction, then per pre-made contiguous batch `zero_grad`, forward, " +
    "`BCEWithLogitsLoss`, `backward`, `step` in a dispose scope. No shuffling, no loss read back.");
report.Add("- **TorchSharp, shuffled + gathered**: as above, plus a `randperm` per epoch, batches gathered by `index_select` and each " +
    "batch loss read back with `item` (the epoch's mean loss), i.e. the work our `Fit` does besides statistics and diagnosis.");
report.Add("- Not timed on either side: generating the data, building ML.NET's rows and cache, making the tensors (see below).");
report.Add("");
report.Add("Per shape: the one-time data costs (not in any throughput), one cursor pass over the filled cache (about what each `Fit` " +
    "spends reading its rows), how much of our median `Fit` is the training loop itself, and the last epoch's mean training loss " +
    "(a sanity check: both sides learn; the initialisations differ, ours He-normal, TorchSharp's Linear default, so early losses differ):");
report.Add("");
report.AddRange(MarkdownReport.DetailsTable(results, costs));
report.Add("");
if (options.Gemm)
{
    report.Add("**GEMM reference** (GFLOP/s, best of several rounds of back-to-back calls; products as the library's GEMM names them; " +
        $"other processes' CPU meanwhile, cores: {gemmOthers?.ToString() ?? "?"}):");
    report.Add("");
    report.AddRange(MarkdownReport.GemmTable(products, backends, options.Threads, gemmRates));
    report.Add("");
}
report.Add("<details><summary>libtorch build and thread configuration (at::show_config, at::get_parallel_info)</summary>");
report.Add("");
report.Add("```");
report.Add((TorchRuntime.BuildConfig() ?? "(not available)").TrimEnd());
report.Add((TorchRuntime.ParallelInfo() ?? "(not available)").TrimEnd());
report.Add("```");
report.Add("");
report.Add("</details>");
foreach (string line in report) Console.WriteLine(line);
return 0;
