using System.Globalization;

namespace MLNet.Backprop.Reports.Html;

/// <summary>Numbers and times rounded for reading, the same way in every table of the reports: four significant
/// digits in plain notation from 0.001 to 10,000, three in e-notation beyond; times in seconds below a minute.</summary>
internal static class Readable
{
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e4) return value.ToString("G4", CultureInfo.InvariantCulture);
        if (magnitude >= 1e4 && magnitude < 1e9 && Math.Abs(value - Math.Round(value)) < 0.5) return value.ToString("N0", CultureInfo.InvariantCulture);
        return value.ToString("0.##e0", CultureInfo.InvariantCulture);
    }

    public static string Number(double? value) => value is double v ? Number(v) : "–";

    /// <summary>A metric in [0, 1] or a loss: four decimals (0.8481), as the README and the console print them.</summary>
    public static string Metric(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 10 ? value.ToString("F4", CultureInfo.InvariantCulture) : Number(value);

    public static string Metric(double? value) => value is double v ? Metric(v) : "–";

    /// <summary>A metric the caller gave: <see cref="Metric(double)"/> when finite, else "undefined (NaN)" or
    /// "undefined (∞)". ML.NET's evaluators return NaN or ∞ where a metric is undefined on the rows (R² of constant
    /// labels, a binary log-loss with a probability of exactly 0 or 1), and a bare "NaN" or "∞" in the table read as a
    /// figure.</summary>
    public static string GivenMetric(double value) => double.IsFinite(value) ? Metric(value) : $"undefined ({Number(value)})";

    public static string Percent(double share) => double.IsFinite(share)
        ? (100 * share).ToString(share is > 0 and < 0.01 ? "0.0" : "0", CultureInfo.InvariantCulture) + " %"
        : "–";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"0.37 s", "12.3 s", "2 min 05 s".</summary>
    public static string Time(TimeSpan time)
    {
        double seconds = time.TotalSeconds;
        if (seconds < 10) return seconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
        if (seconds < 60) return seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
        return $"{(int)time.TotalMinutes} min {time.Seconds:00} s";
    }
}
