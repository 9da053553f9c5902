using System.Globalization;
using System.Numerics;

namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// Fixed-point text of a double exactly as Python's <c>f"{x:.Nf}"</c> writes it: the exact binary value rounded
/// half-to-even, a sign on negative zero, "nan" and "inf". .NET's "F" rounds an exact half away from zero (a mean rank of
/// 2.125 would print 2.13, Python's 2.12), and the issue 25 figures were first printed by a Python script.
/// </summary>
public static class PythonFixed
{
    /// <summary><paramref name="value"/> with <paramref name="decimals"/> decimals, right-aligned in
    /// <paramref name="width"/> characters (wider text is not cut).</summary>
    public static string Format(double value, int decimals, int width = 0) => Text(value, decimals).PadLeft(width);

    private static string Text(double value, int decimals)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (biased != 0) mantissa |= 1L << 52;
        int exponent = Math.Max(biased, 1) - 1075; // |value| = mantissa · 2^exponent exactly
        BigInteger scaled = mantissa * BigInteger.Pow(10, decimals);
        BigInteger digits;
        if (exponent >= 0) digits = scaled << exponent;
        else
        {
            var denominator = BigInteger.One << -exponent;
            digits = BigInteger.DivRem(scaled, denominator, out var remainder);
            int half = (remainder * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !digits.IsEven)) digits += 1;
        }
        string text = digits.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        if (decimals > 0) text = $"{text[..^decimals]}.{text[^decimals..]}";
        return bits < 0 ? "-" + text : text;
    }
}
