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

if (options.Sparse)
{
    foreach (string line in SparseComparison.Run(options.Threads, options.Runs, options.Warmups, Log)) Console.WriteLine(line);
    return 0;
}

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

    var cases = TrainingCases.For(shape, ml, data, mlNetData, torchData).Where(c => !options.OursOnly || c.Kind != CaseKind.TorchSharp).ToList();
    foreach (int threads in options.Threads)
    {
        Log($"{shape}, {threads} thread(s): {options.Warmups} warm-up and {options.Runs} timed run(s) of {shape.Rows:N0} rows × {shape.Epochs} epoch(s)");
        results.Add(ShapeComparison.Run(shape, cases, threads, options.Warmups, options.Runs, options.Profile, Log));
    }
    foreach (var c in cases) c.Dispose();
}

GemmResults? gemm = null;
if (options.Gemm)
{
    var products = GemmProduct.ForShapes(shapes).Take(options.Quick ? 4 : int.MaxValue).ToList();
    var backends = GemmReference.Backends();
    Log($"GEMM reference: {products.Count} products × {backends.Count} backend(s) × {options.Threads.Count} thread count(s)");
    var gemmStart = CpuActivity.Take();
    var rates = GemmReference.Measure(products, backends, options.Threads, options.Quick);
    gemm = new GemmResults(products, backends, rates, CpuActivity.Between(gemmStart, CpuActivity.Take()));
    foreach (var b in backends) b.Dispose(); // only their names are used after this
}
string loadAtEnd = MachineInfo.LoadAverage;
Log($"done in {clock.Elapsed.TotalSeconds:F0} s; load average {loadAtEnd}");

var report = ComparisonReport.Lines(new ComparisonRun(args, options, loadAtStart, loadAtEnd, clock.Elapsed, results, costs, gemm));
foreach (string line in report) Console.WriteLine(line);
return 0;
