using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Sums, sums of squares, dot products, distances and norms of float spans that are the same bits on every machine: the
/// additions of <see cref="TensorPrimitives"/>' 512-bit path, whatever vector width this machine has.
/// </summary>
/// <remarks>
/// <para><see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/> and its kin add a span in the order of the widest vector
/// the machine accelerates: sixteen running sums on AVX-512, eight on AVX2, four on SSE, then a horizontal sum. The
/// result, and everything computed from it (a gradient-norm clip, the scales' gradients, Adagrad's row sums, the
/// statistics), therefore depended on the machine. Here an AVX-512 machine calls <see cref="TensorPrimitives"/> itself and
/// every other machine repeats its 512-bit order exactly: sixteen virtual lanes held in four <see cref="Vector128{T}"/>
/// (lane l adds the elements ≡ l mod 16 in the order the 512-bit loop visits them), then the same pairwise horizontal
/// sum <c>((l0 + l1) + (l2 + l3)) + …</c> that <see cref="Vector512.Sum{T}(Vector512{T})"/> computes; spans shorter than
/// 16 take its short path (one or two overlapping 256- or 128-bit vectors, the last one masked, or three scalars added
/// from the back). Every element's term (x, x², x·y, (x − y)²) is one correctly rounded operation or two, never fused.
/// A test checks the emulation against <see cref="TensorPrimitives"/> on machines with AVX-512, so a change of that
/// library's order cannot go unnoticed.</para>
/// </remarks>
internal static class WideSums
{
    /// <summary>Σ x.</summary>
    public static float Sum(ReadOnlySpan<float> x) => Lanes.Use512 ? TensorPrimitives.Sum(x) : Emulate<Plain>(x, x);

    /// <summary>Σ x².</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x) => Lanes.Use512 ? TensorPrimitives.SumOfSquares(x) : Emulate<Square>(x, x);

    /// <summary>√Σ x².</summary>
    public static float Norm(ReadOnlySpan<float> x) => Lanes.Use512 ? TensorPrimitives.Norm(x) : MathF.Sqrt(Emulate<Square>(x, x));

    /// <summary>Σ x·y; the spans have one length.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Spans of {x.Length} and {y.Length} values.", nameof(y));
        return Lanes.Use512 ? TensorPrimitives.Dot(x, y) : Emulate<Product>(x, y);
    }

    /// <summary>√Σ (x − y)²; the spans have one length, at least 1 (as <see cref="TensorPrimitives.Distance{T}"/> requires).</summary>
    public static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length || x.IsEmpty) throw new ArgumentException($"Spans of {x.Length} and {y.Length} values (one length, at least 1).", nameof(y));
        return Lanes.Use512 ? TensorPrimitives.Distance(x, y) : MathF.Sqrt(Emulate<Difference>(x, y));
    }

    /// <summary>The 512-bit order on any machine (tests call it directly to compare it with <see cref="TensorPrimitives"/>).</summary>
    internal static float Emulate<TTerm>(ReadOnlySpan<float> x, ReadOnlySpan<float> y) where TTerm : struct, ITerm
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (n < 16) return Short<TTerm>(ref xr, ref yr, n);

        var a = new Lanes16();
        int start = 0, remaining = n;
        bool looped = n > 128;
        if (looped)
        {
            // The 512-bit loop: the first vector is left for later, then eight vectors per round, each added to the sums.
            start = 16;
            remaining = n - 16;
            for (; remaining >= 128; start += 128, remaining -= 128)
                for (int k = 0; k < 128; k += 16) a.Add<TTerm>(ref xr, ref yr, start + k);
        }

        a.Add<TTerm>(ref xr, ref yr, 0); // the first vector
        int blocks = remaining / 16, trailing = remaining % 16, whole = remaining - trailing;
        if (!looped) blocks--; // the first vector was one of them
        for (int k = blocks; k >= 1; k--) a.Add<TTerm>(ref xr, ref yr, start + whole - 16 * k);
        a.AddLast<TTerm>(ref xr, ref yr, n - 16, trailing); // the last vector, its lanes before the trailing ones masked to 0
        return a.Total();
    }

    /// <summary>Fewer than 16 values: the short path of the 512-bit code (256- and 128-bit vectors, or scalars).</summary>
    private static float Short<TTerm>(ref float x, ref float y, int n) where TTerm : struct, ITerm
    {
        if (n >= 4)
        {
            int width = n >= 8 ? 8 : 4, trailing = n % width;
            Span<float> v = stackalloc float[8];
            for (int l = 0; l < width; l++) v[l] = Term<TTerm>(ref x, ref y, l);
            if (n != width)
                for (int l = 0; l < width; l++) v[l] += l >= width - trailing ? Term<TTerm>(ref x, ref y, n - width + l) : 0f;
            float four = (v[0] + v[1]) + (v[2] + v[3]);
            return width == 4 ? four : four + ((v[4] + v[5]) + (v[6] + v[7]));
        }

        float sum = 0f;
        for (int i = n - 1; i >= 0; i--) sum += Term<TTerm>(ref x, ref y, i);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Term<TTerm>(ref float x, ref float y, int i) where TTerm : struct, ITerm =>
        TTerm.Of(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));

    /// <summary>Sixteen running sums, lane l in <c>_q[l / 4]</c>.</summary>
    private struct Lanes16
    {
        private Vector128<float> _q0, _q1, _q2, _q3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add<TTerm>(ref float x, ref float y, int at) where TTerm : struct, ITerm
        {
            nuint i = (nuint)at;
            _q0 += TTerm.Of(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
            _q1 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + 4), Vector128.LoadUnsafe(ref y, i + 4));
            _q2 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + 8), Vector128.LoadUnsafe(ref y, i + 8));
            _q3 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + 12), Vector128.LoadUnsafe(ref y, i + 12));
        }

        /// <summary>Adds the vector at <paramref name="at"/> with its first 16 − <paramref name="kept"/> lanes replaced by 0.</summary>
        public void AddLast<TTerm>(ref float x, ref float y, int at, int kept) where TTerm : struct, ITerm
        {
            nuint i = (nuint)at;
            var first = Vector128.Create(16 - kept);
            var lane = Vector128.Create(0, 1, 2, 3);
            _q0 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)), lane, first);
            _q1 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + 4), Vector128.LoadUnsafe(ref y, i + 4)), lane + Vector128.Create(4), first);
            _q2 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + 8), Vector128.LoadUnsafe(ref y, i + 8)), lane + Vector128.Create(8), first);
            _q3 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + 12), Vector128.LoadUnsafe(ref y, i + 12)), lane + Vector128.Create(12), first);
        }

        /// <summary>The horizontal sum of <see cref="Vector512.Sum{T}(Vector512{T})"/>: adjacent pairs, then pairs of pairs.</summary>
        public readonly float Total() => (Pairs(_q0) + Pairs(_q1)) + (Pairs(_q2) + Pairs(_q3));

        private static Vector128<float> Masked(Vector128<float> terms, Vector128<int> lane, Vector128<int> first) =>
            Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(lane, first).AsSingle(), terms, Vector128<float>.Zero);

        private static float Pairs(Vector128<float> q) => (q.GetElement(0) + q.GetElement(1)) + (q.GetElement(2) + q.GetElement(3));
    }

    /// <summary>The term one element contributes.</summary>
    internal interface ITerm
    {
        static abstract float Of(float x, float y);
        static abstract Vector128<float> Of(Vector128<float> x, Vector128<float> y);
    }

    internal readonly struct Plain : ITerm
    {
        public static float Of(float x, float y) => x;
        public static Vector128<float> Of(Vector128<float> x, Vector128<float> y) => x;
    }

    internal readonly struct Square : ITerm
    {
        public static float Of(float x, float y) => x * x;
        public static Vector128<float> Of(Vector128<float> x, Vector128<float> y) => x * x;
    }

    internal readonly struct Product : ITerm
    {
        public static float Of(float x, float y) => x * y;
        public static Vector128<float> Of(Vector128<float> x, Vector128<float> y) => x * y;
    }

    internal readonly struct Difference : ITerm
    {
        public static float Of(float x, float y)
        {
            float d = x - y;
            return d * d;
        }

        public static Vector128<float> Of(Vector128<float> x, Vector128<float> y)
        {
            var d = x - y;
            return d * d;
        }
    }
}
