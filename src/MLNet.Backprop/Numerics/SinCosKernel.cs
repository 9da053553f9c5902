using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// sin and cos of a span of angles at once, vectorised and the same bits for a value wherever it sits in the span, whatever
/// the vector width and the thread count.
/// </summary>
/// <remarks>
/// <para>MathF's scalar sin and cos were the periodic input's hot spot (two calls per frequency, feature and row), and
/// <c>TensorPrimitives</c>' vectorised ones take a different path for a span's tail. Here every value takes the one
/// vector path (a tail is padded to a whole vector): the angle t is reduced to r = t − n·π/2, n = round(t·2/π), with
/// π/2 split in three (Cody–Waite: the first parts' products with n are exact), then sin r and cos r are the minimax
/// polynomials of the Cephes library on [−π/4, π/4] and n mod 4 picks and signs them. Only correctly rounded IEEE
/// single-precision + − × (never fused), selects and bit operations are used, element by element, so a lane's result
/// does not depend on the lane count.</para>
/// <para>Accuracy (tested against <see cref="Math.Sin(double)"/> in double): within 2e-7 of the true value for
/// |t| ≤ 8192 and 1e-6 for |t| ≤ 65536, far beyond the angles a periodic input meets (ω·x̃ of a standardised value).
/// Above 2²² the reduction no longer finds n and the results are a finite value in [−1, 1], not the sine; a NaN or an
/// infinite angle gives NaN, as <see cref="MathF.Sin(float)"/> does.</para>
/// </remarks>
internal static class SinCosKernel
{
    private const float TwoOverPi = 0.636619772367581343f;
    // π/2 = C1 + C2 + C3: C1 and C2 have few significant bits, so n·C1 and n·C2 are exact for the n that occur.
    private const float C1 = 1.5703125f, C2 = 4.837512969970703125e-4f, C3 = 7.54978995489188216e-8f;
    // 1.5·2²³: adding and subtracting it rounds to the nearest integer (ties to even) for |x| < 2²², and leaves the
    // integer in the low bits of the sum.
    private const float Round = 12582912f;
    // n is rounded from t·2/π in float, so r may pass π/4 by up to half an ulp of t·2/π times π/2 (0.2 at 2²²); a larger |r|
    // means the reduction failed (|t| ≥ 2²²).
    private const float Limit = 1f;

    /// <summary>sin[i] = sin(angles[i]), cos[i] = cos(angles[i]); the spans may not overlap each other's other positions
    /// (sin may be angles itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> angles, Span<float> sin, Span<float> cos)
    {
        int width = Vector<float>.Count, n = angles.Length, whole = n - n % width;
        for (int i = 0; i < whole; i += width)
        {
            var t = new Vector<float>(angles.Slice(i, width));
            Evaluate(t, out var s, out var c);
            s.CopyTo(sin.Slice(i, width));
            c.CopyTo(cos.Slice(i, width));
        }
        if (whole == n) return;
        Span<float> padded = stackalloc float[width], paddedSin = stackalloc float[width], paddedCos = stackalloc float[width];
        padded.Clear();
        angles.Slice(whole).CopyTo(padded);
        Evaluate(new Vector<float>(padded), out var ts, out var tc);
        ts.CopyTo(paddedSin);
        tc.CopyTo(paddedCos);
        paddedSin.Slice(0, n - whole).CopyTo(sin.Slice(whole));
        paddedCos.Slice(0, n - whole).CopyTo(cos.Slice(whole));
    }

    /// <summary>For each of the <paramref name="rows"/> values x_r: the angles t_m = ω_m·x_r (one rounding, as a scalar
    /// product), then sin t into v's row r (length 2k, k = ω's length) at 0..k−1 and cos t at k..2k−1: the same bits as
    /// <see cref="Compute"/> over each row's angles, without a call and a span per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ComputeRows(ReadOnlySpan<float> omega, ReadOnlySpan<float> x, Span<float> v, int rows)
    {
        int k = omega.Length, twoK = 2 * k, width = Vector<float>.Count, whole = k - k % width;
        if (rows > x.Length || (long)rows * twoK > v.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        // ω's last partial vector padded with zeros: a lane's result depends on its own angle only, and the padding
        // lanes are not stored.
        Span<float> tail = stackalloc float[width];
        tail.Clear();
        omega.Slice(whole).CopyTo(tail);
        var omegaTail = new Vector<float>(tail);
        Span<float> sinTail = stackalloc float[width], cosTail = stackalloc float[width];
        for (int r = 0; r < rows; r++)
        {
            var xr = new Vector<float>(x[r]);
            Span<float> row = v.Slice(r * twoK, twoK);
            for (int m = 0; m < whole; m += width)
            {
                Evaluate(new Vector<float>(omega.Slice(m, width)) * xr, out var s, out var c);
                s.CopyTo(row.Slice(m, width));
                c.CopyTo(row.Slice(k + m, width));
            }
            if (whole == k) continue;
            Evaluate(omegaTail * xr, out var ts, out var tc);
            ts.CopyTo(sinTail);
            tc.CopyTo(cosTail);
            sinTail.Slice(0, k - whole).CopyTo(row.Slice(whole));
            cosTail.Slice(0, k - whole).CopyTo(row.Slice(k + whole));
        }
    }

    /// <summary>One angle, through the same vector path (tests and the odd single value).</summary>
    public static (float Sin, float Cos) Of(float angle)
    {
        Span<float> a = [angle], s = [0f], c = [0f];
        Compute(a, s, c);
        return (s[0], c[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Evaluate(Vector<float> t, out Vector<float> sin, out Vector<float> cos)
    {
        var round = new Vector<float>(Round);
        var shifted = t * new Vector<float>(TwoOverPi) + round;
        var n = shifted - round;
        var quadrant = Vector.AsVectorInt32(shifted) & new Vector<int>(3);
        var r = t - n * new Vector<float>(C1);
        r -= n * new Vector<float>(C2);
        r -= n * new Vector<float>(C3);
        // A failed reduction (|t| ≥ 2²²) gives a finite value in [−1, 1] rather than a polynomial far outside its range;
        // NaN compares false and stays NaN.
        r = Vector.ConditionalSelect(Vector.GreaterThan(Vector.Abs(r), new Vector<float>(Limit)), Vector<float>.Zero, r);
        var z = r * r;
        var sinR = ((new Vector<float>(-1.9515295891e-4f) * z + new Vector<float>(8.3321608736e-3f)) * z - new Vector<float>(1.6666654611e-1f)) * z * r + r;
        var cosR = ((new Vector<float>(2.443315711809948e-5f) * z - new Vector<float>(1.388731625493765e-3f)) * z + new Vector<float>(4.166664568298827e-2f)) * z * z
            - new Vector<float>(0.5f) * z + Vector<float>.One;
        // n mod 4 = q: sin t = (sin r, cos r, −sin r, −cos r)[q], cos t = (cos r, −sin r, −cos r, sin r)[q].
        var odd = Vector.Equals(quadrant & Vector<int>.One, Vector<int>.One);
        var sinSign = Vector.AsVectorSingle(Vector.ShiftLeft(quadrant & new Vector<int>(2), 30));
        var cosSign = Vector.AsVectorSingle(Vector.ShiftLeft((quadrant + Vector<int>.One) & new Vector<int>(2), 30));
        sin = Vector.Xor(Vector.ConditionalSelect(odd, cosR, sinR), sinSign);
        cos = Vector.Xor(Vector.ConditionalSelect(odd, sinR, cosR), cosSign);
    }
}
