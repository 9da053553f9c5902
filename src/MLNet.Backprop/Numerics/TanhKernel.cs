using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// tanh over a span, accurate to a few ulps everywhere and the same bits for a value wherever it sits in the span.
/// </summary>
/// <remarks>
/// <para><c>TensorPrimitives.Tanh</c> is fast and within 3 ulps for |z| ≥ 0.5, but its vector path goes through eᶻ and
/// loses the small values' digits (absolute error ~5e-8: 47 % off at 1e-7), while spans shorter than a vector take an
/// exact scalar path, so a value's result depended on its position. Here spans shorter than <see cref="PadWidth"/> are
/// padded so every value takes the vector path, and |z| &lt; <see cref="PolynomialLimit"/> is then replaced by the Taylor
/// series z − z³/3 + 2z⁵/15 − … to z¹⁷ (truncation below 1e-8 relative at the limit), written once over lanes, so every
/// lane gives the same bits.</para>
/// </remarks>
internal static class TanhKernel
{
    /// <summary>Below this |z| the polynomial is used (the library's vector path is within 3 ulps from 0.5 up).</summary>
    public const float PolynomialLimit = 0.55f;

    /// <summary>Spans shorter than this are padded: at least one 512-bit vector.</summary>
    public const int PadWidth = 16;

    // Taylor coefficients of tanh(z)/z − 1 as a polynomial in z²: −1/3, 2/15, −17/315, 62/2835, …
    private const float C1 = -1f / 3f, C2 = 2f / 15f, C3 = -17f / 315f, C4 = 62f / 2835f, C5 = -1382f / 155925f,
        C6 = 21844f / 6081075f, C7 = -929569f / 638512875f, C8 = 6404582f / 10854718875f;

    /// <summary>a[i] = tanh(z[i]).</summary>
    public static void Apply(ReadOnlySpan<float> z, Span<float> a)
    {
        if (z.Length < PadWidth)
        {
            Span<float> paddedZ = stackalloc float[PadWidth], paddedA = stackalloc float[PadWidth];
            paddedZ.Clear();
            z.CopyTo(paddedZ);
            TensorPrimitives.Tanh(paddedZ, paddedA);
            paddedA.Slice(0, z.Length).CopyTo(a);
        }
        else TensorPrimitives.Tanh(z, a);

        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float ar = ref MemoryMarshal.GetReference(a);
        int n = z.Length;
        nuint j = 0;
        if (Lanes.Use512) j = SmallValues<Vector512Lane>(j, ref zr, ref ar, n);
        if (Lanes.Use256) j = SmallValues<Vector256Lane>(j, ref zr, ref ar, n);
        if (Lanes.Use128) j = SmallValues<Vector128Lane>(j, ref zr, ref ar, n);
        SmallValues<ScalarLane>(j, ref zr, ref ar, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint SmallValues<TLane>(nuint j, ref float z, ref float a, int n) where TLane : struct, ILane<TLane>
    {
        TLane limit = TLane.Broadcast(PolynomialLimit);
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count)
        {
            TLane x = TLane.Load(ref z, j);
            TLane t = x * x;
            TLane p = TLane.Broadcast(C8);
            p = p * t + TLane.Broadcast(C7);
            p = p * t + TLane.Broadcast(C6);
            p = p * t + TLane.Broadcast(C5);
            p = p * t + TLane.Broadcast(C4);
            p = p * t + TLane.Broadcast(C3);
            p = p * t + TLane.Broadcast(C2);
            p = p * t + TLane.Broadcast(C1);
            TLane series = x + x * (t * p);
            TLane.Select(TLane.GreaterThan(limit, TLane.Abs(x)), series, TLane.Load(ref a, j)).Store(ref a, j);
        }
        return j;
    }
}
