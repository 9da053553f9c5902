using System.Globalization;

namespace MLNet.Backprop.TorchComparison;

/// <summary>Formats the results as Markdown.</summary>
internal static class MarkdownReport
{
    /// <summary>
    /// One table per thread count: samples/s of every case, best (median), the ratio of each of our cases to each
    /// TorchSharp case, and each of our cases as a share of the GEMM-only reference.
    /// </summary>
    public static IEnumerable<string> ThroughputTables(IReadOnlyList<ShapeResult> results)
    {
        foreach (var group in results.GroupBy(r => r.Threads))
        {
            var cases = group.First().Cases;
            var pairs = (from o in Enumerable.Range(0, cases.Count) where cases[o].Kind == CaseKind.Ours
                         from t in Enumerable.Range(0, cases.Count) where cases[t].Kind != CaseKind.Ours
                         select (Ours: o, Theirs: t)).ToList();
            yield return $"**{group.Key} thread{(group.Key == 1 ? "" : "s")}** — samples/s, best (median) of the timed runs; " +
                "ratio = ours / TorchSharp, best/best (median/median)";
            yield return "";
            yield return "| shape (input, hidden, batch) | rows × epochs | " + string.Join(" | ", cases.Select(c => c.Name)) +
                string.Concat(pairs.Select(p => $" | {cases[p.Ours].Name} / {cases[p.Theirs].Name}")) + " | load before | others |";
            yield return "|---|---:|" + string.Concat(cases.Select(_ => "---:|")) + string.Concat(pairs.Select(_ => "---:|")) + "---|---|";
            foreach (var r in group)
            {
                var cells = r.Cases.Select(c => $"{Rate(c.BestRate)} ({Rate(c.MedianRate)})");
                var ratios = pairs.Select(p => Compare(r.Cases[p.Ours], r.Cases[p.Theirs]));
                yield return $"| {r.Shape} | {r.Shape.Rows:N0} × {r.Shape.Epochs} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} | " +
                    $"{r.LoadBefore} | {r.Others?.ToString() ?? "?"} |";
            }
            yield return "";
        }
        yield return "Ratios ours / TorchSharp as ×, best/best (median/median); ours / GEMMs alone as a share: the useful FLOP rate of the " +
            "case over our GEMM's rate on the same products in the same run (100 % = nothing but the matrix products).";
        yield return "";
        yield return "*load before*: 1/5/15-minute load averages before the shape's warm-up (they count this benchmark's threads too); " +
            "*others*: cores used by other processes (and stolen by the hypervisor) on average over the timed runs and the pauses between " +
            "them, from /proc/stat (10 ms ticks: imprecise for runs of a few ms, as with --quick).";
        yield return "";
    }

    /// <summary>Per shape and thread count: what a run is made of, our Fit's read/loop split, and the losses reached.</summary>
    public static IEnumerable<string> DetailsTable(IReadOnlyList<ShapeResult> results, IReadOnlyDictionary<ComparisonShape, DataCosts> costs)
    {
        yield return "| shape | threads | parameters | batches/epoch | one-time: ML.NET rows + cache fill / tensors | cursor pass over the cache | ours: median Fit / of which training loop | last-epoch mean loss: ours / TorchSharp shuffled |";
        yield return "|---|---:|---:|---:|---:|---:|---:|---|";
        foreach (var r in results)
        {
            var c = costs[r.Shape];
            var ours = r.Cases.First(x => x.Kind == CaseKind.Ours);
            var shuffled = r.Cases.FirstOrDefault(x => x.Kind == CaseKind.TorchSharp && x.LastEpochLoss is not null);
            string loop = ours.MedianLoopSeconds is double l ? $"{ours.MedianRunSeconds:F3} s / {l:F3} s" : $"{ours.MedianRunSeconds:F3} s";
            yield return $"| {r.Shape} | {r.Threads} | {r.Shape.Parameters:N0} | {r.Shape.BatchesPerEpoch} | {Ms(c.MlNet)} / {Ms(c.Torch)} | {Ms(c.CursorPass)} | {loop} | " +
                $"{Loss(ours.LastEpochLoss)} / {Loss(shuffled?.LastEpochLoss)} |";
        }
    }

    /// <summary>GFLOP/s per product, backend and thread count.</summary>
    public static IEnumerable<string> GemmTable(IReadOnlyList<GemmProduct> products, IReadOnlyList<IGemmBackend> backends, IReadOnlyList<int> threads, double[][][] rates)
    {
        var columns = backends.SelectMany(b => threads.Select(t => $"{b.Name}, {t} thr.")).ToList();
        yield return "| product | M | N | K | " + string.Join(" | ", columns) + " |";
        yield return "|---|---:|---:|---:|" + string.Concat(columns.Select(_ => "---:|"));
        for (int p = 0; p < products.Count; p++)
        {
            var g = products[p];
            var cells = rates[p].SelectMany(perBackend => perBackend.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
            yield return $"| {g.Name} | {g.M} | {g.N} | {g.K} | {string.Join(" | ", cells)} |";
        }
    }

    public static string Rate(double samplesPerSecond) => samplesPerSecond switch
    {
        >= 1e6 => (samplesPerSecond / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (samplesPerSecond / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " k",
        _ => samplesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
    };

    /// <summary>Ours against TorchSharp as a ratio, against the GEMM-only reference as a share; best (median).</summary>
    public static string Compare(Timings ours, Timings other) => other.Kind == CaseKind.GemmLimit
        ? $"**{Share(ours.BestRate / other.BestRate)}** ({Share(ours.MedianRate / other.MedianRate)})"
        : $"**{Ratio(ours.BestRate / other.BestRate)}** ({Ratio(ours.MedianRate / other.MedianRate)})";

    public static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    public static string Share(double share) => (100 * share).ToString("F0", CultureInfo.InvariantCulture) + " %";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string Loss(double? loss) => loss is double l ? l.ToString("F4", CultureInfo.InvariantCulture) : "–";
}

/// <summary>The one-time data costs of a shape (not counted in any throughput) and one cursor pass over the filled cache.</summary>
internal sealed record DataCosts(TimeSpan MlNet, TimeSpan Torch, TimeSpan CursorPass);
