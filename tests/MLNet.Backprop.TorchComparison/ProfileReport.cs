using System.Globalization;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>The phase budget of our <c>Fit</c> per shape and thread count, from one profiled run each.</summary>
internal static class ProfileReport
{
    public static IEnumerable<string> Lines(IReadOnlyList<ShapeResult> results)
    {
        var profiled = results.Where(r => r.Profile is not null).ToList();
        if (profiled.Count == 0) yield break;
        yield return "**Where our `Fit` spends its time**: one more `Fit` per shape and thread count after the timed runs, with the " +
            "library's phase clock on (`Numerics/PhaseClock.cs`: a timestamp at each phase boundary, charged to the phase that " +
            "ended), and one more run of the bare step likewise (its *setup* is building the network and optimizer). Per step: µs " +
            "per step (share of the whole profiled run); once: ms (share).";
        yield return "";
        var phases = PhaseBudget.StepPhases;
        yield return "| shape | run | threads | profiled | steps | " + string.Join(" | ", phases.Select(Title)) +
            " | epoch-level (total) | setup (once) | finish (once) | GEMMs | norms + statistics |";
        yield return "|---|---|---:|---:|---:|" + string.Concat(phases.Select(_ => "---:|")) + "---:|---:|---:|---:|---:|";
        foreach (var (r, what, b) in profiled.SelectMany(r => new[] { (r, "Fit", r.Profile!), (r, "bare step", r.StepProfile) })
                     .Where(x => x.Item3 is not null).Select(x => (x.r, x.Item2, x.Item3!)))
        {
            double total = b.Total;
            string PerStep(TrainingPhase p) => $"{F(b.Seconds[p] * 1e6 / Math.Max(1, b.Steps), 1)} ({Pct(b.Seconds[p] / total)})";
            string Once(TrainingPhase p) => $"{F(b.Seconds[p] * 1e3, 1)} ms ({Pct(b.Seconds[p] / total)})";
            double gemms = b.Seconds[TrainingPhase.ForwardGemm] + b.Seconds[TrainingPhase.BackwardGemm];
            double statistics = b.Seconds[TrainingPhase.GradientNorm] + b.Seconds[TrainingPhase.Statistics];
            yield return $"| {r.Shape} | {what} | {r.Threads} | {F(total, 3)} s | {b.Steps} | {string.Join(" | ", phases.Select(PerStep))} | " +
                $"{Once(TrainingPhase.Epoch)} | {Once(TrainingPhase.Setup)} | {Once(TrainingPhase.Finish)} | {Pct(gemms / total)} | {Pct(statistics / total)} |";
        }
        yield return "";
        yield return "Phases: *gather* = shuffling and copying the batch; *forward/backward GEMMs* = the layers' matrix products (backward " +
            "with the L2 term); *activation* = bias, activation and dropout both ways with the bias gradient; *loss* = loss and its " +
            "gradient; *gradient norm* = per-layer gradient norms (the global norm); *statistics* = dead-unit and saturation scans, " +
            "the last batch's histograms, weight copy and update ratios; *optimizer* = clipping and Adam; *epoch-level* = between " +
            "epochs (epoch statistics, validation, per-epoch diagnosis, reports); *setup* = before the first epoch (reading and " +
            "checking the rows, data summary, feature scales, initialisation); *finish* = after the last step (final diagnosis, " +
            "model). The clock's own cost is about 25 timestamps per step.";
        yield return "";
    }

    private static string Title(TrainingPhase phase) => phase switch
    {
        TrainingPhase.ForwardGemm => "forward GEMMs",
        TrainingPhase.BackwardGemm => "backward GEMMs",
        TrainingPhase.GradientNorm => "gradient norm",
        _ => phase.ToString().ToLowerInvariant(),
    };

    private static string F(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static string Pct(double share) => (100 * share).ToString(share < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture) + " %";
}
