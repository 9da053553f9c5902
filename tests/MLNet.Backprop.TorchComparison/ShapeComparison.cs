namespace MLNet.Backprop.TorchComparison;

/// <summary>The measured cases of one shape at one thread count.</summary>
/// <param name="LoadBefore">The load averages before the warm-up.</param>
/// <param name="Others">CPU used by other processes and the hypervisor during the timed runs, or null without /proc.</param>
/// <param name="Profile">Where a profiled run of our <c>Fit</c> spent its time (after the timed runs), or null.</param>
/// <param name="StepProfile">The same for our bare step, or null.</param>
internal sealed record ShapeResult(ComparisonShape Shape, int Threads, IReadOnlyList<Timings> Cases, string LoadBefore, CpuActivity? Others,
    PhaseBudget? Profile, PhaseBudget? StepProfile);

/// <summary>Runs the cases of a shape: untimed warm-up runs of each (so that .NET's tiered JIT has optimised the hot
/// code of both sides, TorchSharp's managed layer included), then the timed runs, rotating the order.</summary>
internal static class ShapeComparison
{
    /// <summary>Pause before each timed run, after a full garbage collection, so that neither side starts while the
    /// other's worker threads still spin or its garbage is still being collected.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    public static ShapeResult Run(ComparisonShape shape, IReadOnlyList<ITrainingCase> cases, int threads, int warmups, int runs, bool profile,
        Action<string> log)
    {
        string loadBefore = MachineInfo.LoadAverage;
        long samples = (long)shape.Rows * shape.Epochs;
        var timings = cases.Select(c => new Timings(c.Name, c.Kind, samples)).ToArray();
        for (int w = 0; w < warmups; w++)
        {
            var seconds = new List<string>();
            foreach (var c in cases)
            {
                Quiesce();
                seconds.Add($"{c.Name} {c.Run(threads).Elapsed.TotalSeconds:F3} s");
            }
            log($"    warm-up {w + 1}/{warmups}: " + string.Join(", ", seconds));
        }
        var before = CpuActivity.Take();
        for (int run = 0; run < runs; run++)
        {
            for (int k = 0; k < cases.Count; k++)
            {
                int index = (run + k) % cases.Count; // run 0: ours first; run 1: TorchSharp first; ...
                Quiesce();
                timings[index].Add(cases[index].Run(threads));
            }
            log($"    run {run + 1}/{runs}: " + string.Join(", ", timings.Select(t => $"{t.Name} {t.Runs[^1].Elapsed.TotalSeconds:F3} s")));
        }
        var others = CpuActivity.Between(before, CpuActivity.Take());
        PhaseBudget? budget = null, stepBudget = null;
        if (profile && cases.OfType<OursFitCase>().FirstOrDefault() is { } fit)
        {
            Quiesce();
            budget = fit.Profile(threads);
            log($"    profiled Fit: {budget.Total:F3} s, {budget.Steps} steps");
        }
        if (profile && cases.OfType<OursStepCase>().FirstOrDefault() is { } step)
        {
            Quiesce();
            stepBudget = step.Profile(threads);
        }
        return new ShapeResult(shape, threads, timings, loadBefore, others, budget, stepBudget);
    }

    private static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Thread.Sleep(Settle);
    }
}
