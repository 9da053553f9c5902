using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>
/// Every fold's numbers: <c>set,task,trainer,seed,fold,metric,value,fit_seconds</c>, one line per metric (a failed fit
/// is one line with metric <c>error</c> and no value); <c>seed</c> is the fold seed, so (seed, fold) names a fold.
/// Invariant culture; values round-trip.
/// </summary>
public static class CsvReport
{
    /// <summary>The header line.</summary>
    public const string Header = "set,task,trainer,seed,fold,metric,value,fit_seconds";

    /// <summary>The header of files written before the seed column (one seed per run, not recorded).</summary>
    public const string HeaderWithoutSeed = "set,task,trainer,fold,metric,value,fit_seconds";

    /// <summary>The CSV text of <paramref name="results"/>.</summary>
    public static string Write(IEnumerable<FoldResult> results)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in results)
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"{r.Set},{r.Task.ToString().ToLowerInvariant()},{r.Trainer},{r.Seed},{r.Fold}");
            string fit = r.FitSeconds.ToString("F4", CultureInfo.InvariantCulture);
            if (r.Failed) text.Append(prefix).Append(",error,,").Append(fit).Append('\n');
            foreach (var (metric, value) in r.Metrics)
                text.Append(prefix).Append(',').Append(metric).Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(fit).Append('\n');
        }
        return text.ToString();
    }
}
