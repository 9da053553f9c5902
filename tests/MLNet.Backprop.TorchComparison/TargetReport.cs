using System.Globalization;
using static MLNet.Backprop.TorchComparison.MarkdownReport;

namespace MLNet.Backprop.TorchComparison;

/// <summary>The tables that judge issue 14's targets: ours against TorchSharp and against our own GEMM, and thread scaling.</summary>
internal static class TargetReport
{
    /// <summary>
    /// With the largest thread count of the run (2 by default, as the targets are stated): our whole <c>Fit</c> against
    /// TorchSharp's contiguous loop, and its useful FLOP rate as a share of our GEMM's on the same products, each beside
    /// its goal.
    /// </summary>
    public static IEnumerable<string> Targets(IReadOnlyList<ShapeResult> results)
    {
        int threads = results.Max(r => r.Threads);
        yield return $"**Targets** ({threads} thread{(threads == 1 ? "" : "s")}, whole `Fit`; best (median) of the timed runs; goals of issue 14, " +
            "stated for 2 threads):";
        yield return "";
        yield return "| shape (input, hidden, batch) | ours (Fit) | TorchSharp, contiguous | ours / TorchSharp | goal | ours (Fit) / GEMMs alone | goal | others |";
        yield return "|---|---:|---:|---:|---|---:|---|---|";
        foreach (var r in results.Where(r => r.Threads == threads))
        {
            var fit = Case(r, CaseKind.Ours);
            var torch = Case(r, CaseKind.TorchSharp);
            var gemms = Case(r, CaseKind.GemmLimit);
            string torchGoal = r.Shape.TorchGoal is double g && fit is not null && torch is not null
                ? $"≥ {g.ToString("0.##", CultureInfo.InvariantCulture)}×: {Verdict(fit.BestRate / torch.BestRate >= g, fit.MedianRate / torch.MedianRate >= g)}"
                : "–";
            string shareGoal = r.Shape.GemmShareGoal is double s && fit is not null && gemms is not null
                ? $"≥ {Share(s)}: {Verdict(fit.BestRate / gemms.BestRate >= s, fit.MedianRate / gemms.MedianRate >= s)}"
                : "–";
            yield return $"| {r.Shape} | {Rates(fit)} | {Rates(torch)} | {(fit is null || torch is null ? "–" : Compare(fit, torch))} | {torchGoal} | " +
                $"{(fit is null || gemms is null ? "–" : Compare(fit, gemms))} | {shareGoal} | {r.Others?.ToString() ?? "?"} |";
        }
        yield return "";
        yield return "*met* / *missed* judge the best runs; *(median missed)* marks a goal the best run meets and the median does not.";
        yield return "";
    }

    /// <summary>Per shape and case: best (median) rate with the most threads over the rate with one thread.</summary>
    public static IEnumerable<string> Scaling(IReadOnlyList<ShapeResult> results)
    {
        int most = results.Max(r => r.Threads);
        if (most == 1 || !results.Any(r => r.Threads == 1)) yield break;
        var cases = results[0].Cases.Select(c => c.Name).ToList();
        yield return $"**Thread scaling**: samples/s with {most} threads over samples/s with 1, best/best (median/median); goal of issue 14: " +
            "whole `Fit` ≥ 1.7× on the large shapes where the GEMMs alone scale that well.";
        yield return "";
        yield return "| shape | " + string.Join(" | ", cases) + " |";
        yield return "|---|" + string.Concat(cases.Select(_ => "---:|"));
        foreach (var group in results.GroupBy(r => r.Shape))
        {
            var one = group.FirstOrDefault(r => r.Threads == 1);
            var many = group.FirstOrDefault(r => r.Threads == most);
            if (one is null || many is null) continue;
            var cells = one.Cases.Zip(many.Cases, (a, b) =>
                $"{(b.BestRate / a.BestRate).ToString("F2", CultureInfo.InvariantCulture)} ({(b.MedianRate / a.MedianRate).ToString("F2", CultureInfo.InvariantCulture)})");
            yield return $"| {group.Key} | {string.Join(" | ", cells)} |";
        }
        yield return "";
    }

    /// <summary>Useful GFLOP/s (the step's matrix products per sample × samples/s) of every case, best (median).</summary>
    public static IEnumerable<string> FlopRates(IReadOnlyList<ShapeResult> results)
    {
        var cases = results[0].Cases.Select(c => c.Name).ToList();
        yield return "**Useful FLOP rate**: GFLOP/s of matrix products (forward, weight and input gradients; 2 per multiply-add) the " +
            "case gets done per second, best (median):";
        yield return "";
        yield return "| shape | threads | MFLOP per sample | " + string.Join(" | ", cases) + " |";
        yield return "|---|---:|---:|" + string.Concat(cases.Select(_ => "---:|"));
        foreach (var r in results)
        {
            double flops = GemmProduct.FlopsPerSample(r.Shape);
            var cells = r.Cases.Select(c => $"{G(c.BestRate * flops)} ({G(c.MedianRate * flops)})");
            yield return $"| {r.Shape} | {r.Threads} | {(flops / 1e6).ToString("F2", CultureInfo.InvariantCulture)} | {string.Join(" | ", cells)} |";
        }
        yield return "";
    }

    private static Timings? Case(ShapeResult r, CaseKind kind) => r.Cases.FirstOrDefault(c => c.Kind == kind);

    private static string Rates(Timings? t) => t is null ? "–" : $"{Rate(t.BestRate)} ({Rate(t.MedianRate)})";

    private static string Verdict(bool best, bool median) => best ? median ? "**met**" : "**met** (median missed)" : "**missed**";

    private static string G(double flopsPerSecond) => (flopsPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture);
}
