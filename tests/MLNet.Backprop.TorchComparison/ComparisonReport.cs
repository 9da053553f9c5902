using System.Reflection;

namespace MLNet.Backprop.TorchComparison;

/// <summary>Everything a comparison run measured, for the report.</summary>
internal sealed record ComparisonRun(IReadOnlyList<string> Arguments, ComparisonOptions Options, string LoadAtStart, string LoadAtEnd,
    TimeSpan Elapsed, IReadOnlyList<ShapeResult> Results, IReadOnlyDictionary<ComparisonShape, DataCosts> Costs, GemmResults? Gemm);

/// <summary>The GEMM reference's products, backends, rates [product][backend][thread count] and the other processes' CPU meanwhile.</summary>
internal sealed record GemmResults(IReadOnlyList<GemmProduct> Products, IReadOnlyList<IGemmBackend> Backends, double[][][] Rates, CpuActivity? Others);

/// <summary>The Markdown report: the command, the machine, the tables, what each case includes, libtorch's configuration.</summary>
internal static class ComparisonReport
{
    private static string Library =>
        typeof(BackpropTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    public static IReadOnlyList<string> Lines(ComparisonRun run)
    {
        var report = new List<string>
        {
            "## BackpropTrainer.Fit vs TorchSharp: training throughput",
            "",
            "Command (from the repository root):",
            "",
            "```bash",
            "dotnet run -c Release --project tests/MLNet.Backprop.TorchComparison --" + string.Concat(run.Arguments.Select(a => " " + a)),
            "```",
            "",
            $"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; MLNet.Backprop {Library}; total {run.Elapsed.TotalSeconds:F0} s",
            $"- Load average (1/5/15 min): {run.LoadAtStart} at the start, {run.LoadAtEnd} at the end",
        };
        report.AddRange(MachineInfo.Describe());
        report.Add($"- Threads: ours `Options.NumberOfThreads` = the table's count; TorchSharp `torch.set_num_threads` = the same count, " +
            $"`set_num_interop_threads({run.Options.Threads.Max()})` once per process (now {TorchSharp.torch.get_num_interop_threads()})");
        report.Add($"- Timed runs per case: {run.Options.Runs} after {run.Options.Warmups} untimed warm-up run(s) each, the order of the cases rotating from run to run" +
            (run.Options.Quick ? "; **--quick: a smoke check, 8 batches per epoch, not a measurement**" : ""));
        var busiest = run.Results.Where(r => r.Others is not null).Select(r => r.Others!.Value).DefaultIfEmpty().MaxBy(a => a.OtherCores + a.StealCores);
        if (busiest.OtherCores + busiest.StealCores > 0.1)
            report.Add($"- **Warning: other processes used up to {busiest.OtherCores + busiest.StealCores:F2} cores during the timed runs** (column \"others\"): " +
                "the figures are not a clean measurement; two-thread figures suffer most, TorchSharp's OpenMP pool in particular.");
        report.Add("");
        report.AddRange(TargetReport.Targets(run.Results));
        report.AddRange(MarkdownReport.ThroughputTables(run.Results));
        report.AddRange(TargetReport.Scaling(run.Results));
        report.AddRange(TargetReport.FlopRates(run.Results));
        report.AddRange(ProfileReport.Lines(run.Results));
        report.Add("What each run includes (samples/s = rows × epochs / run time):");
        report.Add("");
        report.Add("- **ours (Fit)**: `new BackpropTrainer(ml, options).Fit(view)` on a `LoadFromEnumerable` view wrapped in `ml.Data.Cache` and filled " +
            "before timing; defaults apart from network, batch, epochs, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay), threads and " +
            "seed, so statistics recording and the diagnosis are on. Includes reading the rows out of the view, checks, feature-scale report, " +
            "initialisation, per-epoch shuffling and gathering, per-layer statistics and gradient norms, epoch reports, diagnosis.");
        report.Add("- **ours (bare step)**: the engine's training step alone (`TrainingStep`, shared with tests/MLNet.Backprop.Benchmarks), " +
            "exactly the default loop's per-batch work on the same rows: shuffling and gathering, forward, loss, backward, gradient norms and " +
            "unit statistics (with the last batch's histograms and update ratios), Adam with the same settings; plus building the network, " +
            "workspace and optimizer. Not: reading the rows out of the view, checks, epoch reports, diagnosis.");
        report.Add("- **ours, the step's GEMMs alone**: a reference, not a training: our `Gemm.Multiply` running only the matrix products of " +
            "the same number of steps (each layer's forward, weight-gradient and input-gradient product, into preallocated results). Our " +
            "cases over it = their useful FLOP rate as a share of our GEMM's on the same products in the same run.");
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
        report.AddRange(MarkdownReport.DetailsTable(run.Results, run.Costs));
        report.Add("");
        if (run.Gemm is GemmResults gemm)
        {
            report.Add("**GEMM reference** (GFLOP/s, best of several rounds of back-to-back calls; products as the library's GEMM names them; " +
                $"other processes' CPU meanwhile, cores: {gemm.Others?.ToString() ?? "?"}):");
            report.Add("");
            report.AddRange(MarkdownReport.GemmTable(gemm.Products, gemm.Backends, run.Options.Threads, gemm.Rates));
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
        return report;
    }
}
