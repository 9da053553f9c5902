using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Sums, sums of squares, dot products, distances and norms of float (and double) spans that are the same bits on every
/// machine: the additions of <see cref="TensorPrimitives"/>' 512-bit path, whatever vector width this machine has.
/// </summary>
/// <remarks>
/// <para><see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/> and its kin add a span in the order of the widest vector
/// the machine accelerates: sixteen running sums on AVX-512, eight on AVX2, four on SSE, then a horizontal sum. The
/// result, and everything computed from it (a gradient-norm clip, the scales' gradients, Adagrad's row sums, the
/// statistics), therefore depended on the machine. Here an AVX-512 machine calls <see cref="TensorPrimitives"/> itself and
/// every other machine repeats its 512-bit order exactly: sixteen virtual lanes of floats (eight of doubles) held in four
/// <see cref="Vector128{T}"/> (lane l adds the elements ≡ l mod 16 in the order the 512-bit loop visits them), then the
/// same pairwise horizontal sum <c>((l0 + l1) + (l2 + l3)) + …</c> that <see cref="Vector512.Sum{T}(Vector512{T})"/>
/// computes; spans shorter than one 512-bit vector take its short path (one or two overlapping 256- or 128-bit vectors,
/// the last one masked, or the few scalars added from the back). Every element's term (x, x², x·y, (x − y)²) is one correctly rounded operation or two, never fused.
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

    /// <summary>Σ x·y in double (the embedding projection's products); the spans have one length.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Spans of {x.Length} and {y.Length} values.", nameof(y));
        return Lanes.Use512 ? TensorPrimitives.Dot(x, y) : Emulate<double, Product>(x, y);
    }

    /// <summary>√Σ x² in double.</summary>
    public static double Norm(ReadOnlySpan<double> x) => Lanes.Use512 ? TensorPrimitives.Norm(x) : Math.Sqrt(Emulate<double, Square>(x, x));

    /// <summary>The 512-bit order on any machine (tests call it directly to compare it with <see cref="TensorPrimitives"/>).</summary>
    internal static float Emulate<TTerm>(ReadOnlySpan<float> x, ReadOnlySpan<float> y) where TTerm : struct, ITerm => Emulate<float, TTerm>(x, y);

    /// <summary>The 512-bit order for floats or doubles: W = 64 bytes / element size virtual lanes.</summary>
    internal static T Emulate<T, TTerm>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : struct, ITerm
    {
        int n = x.Length, lanes = 4 * Vector128<T>.Count;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (n < lanes) return Short<T, TTerm>(ref xr, ref yr, n, lanes);

        var a = new VirtualVector<T>();
        int start = 0, remaining = n;
        bool looped = n > 8 * lanes;
        if (looped)
        {
            // The 512-bit loop: the first vector is left for later, then eight vectors per round, each added to the sums.
            start = lanes;
            remaining = n - lanes;
            for (; remaining >= 8 * lanes; start += 8 * lanes, remaining -= 8 * lanes)
                for (int k = 0; k < 8 * lanes; k += lanes) a.Add<TTerm>(ref xr, ref yr, start + k);
        }

        a.Add<TTerm>(ref xr, ref yr, 0); // the first vector
        int blocks = remaining / lanes, trailing = remaining % lanes, whole = remaining - trailing;
        if (!looped) blocks--; // the first vector was one of them
        for (int k = blocks; k >= 1; k--) a.Add<TTerm>(ref xr, ref yr, start + whole - lanes * k);
        a.AddLast<TTerm>(ref xr, ref yr, n - lanes, trailing); // the last vector, its lanes before the trailing ones masked to 0
        return a.Total();
    }

    /// <summary>Less than one 512-bit vector: its short path (a 256- or 128-bit vector and an overlapping masked one, one
    /// such vector, or the scalars added from the back).</summary>
    private static T Short<T, TTerm>(ref T x, ref T y, int n, int lanes) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : struct, ITerm
    {
        if (n >= lanes / 4)
        {
            int width = n >= lanes / 2 ? lanes / 2 : lanes / 4, trailing = n % width;
            Span<T> v = stackalloc T[8];
            for (int l = 0; l < width; l++) v[l] = Term<T, TTerm>(ref x, ref y, l);
            if (n != width)
                for (int l = 0; l < width; l++) v[l] += l >= width - trailing ? Term<T, TTerm>(ref x, ref y, n - width + l) : T.Zero;
            return Pairs(v[..width]);
        }

        T sum = T.Zero;
        for (int i = n - 1; i >= 0; i--) sum += Term<T, TTerm>(ref x, ref y, i);
        return sum;
    }

    /// <summary>The horizontal sum of <see cref="Vector512.Sum{T}(Vector512{T})"/> and its narrower kin: adjacent pairs,
    /// then pairs of pairs.</summary>
    private static T Pairs<T>(ReadOnlySpan<T> v) where T : unmanaged, IFloatingPointIeee754<T> =>
        v.Length == 1 ? v[0] : Pairs(v[..(v.Length / 2)]) + Pairs(v[(v.Length / 2)..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Term<T, TTerm>(ref T x, ref T y, int i) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : struct, ITerm =>
        TTerm.Of(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));

    /// <summary>One 512-bit vector of running sums as four <see cref="Vector128{T}"/>.</summary>
    private struct VirtualVector<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Vector128<T> _q0, _q1, _q2, _q3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add<TTerm>(ref T x, ref T y, int at) where TTerm : struct, ITerm
        {
            nuint i = (nuint)at, c = (nuint)Vector128<T>.Count;
            _q0 += TTerm.Of(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
            _q1 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + c), Vector128.LoadUnsafe(ref y, i + c));
            _q2 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + 2 * c), Vector128.LoadUnsafe(ref y, i + 2 * c));
            _q3 += TTerm.Of(Vector128.LoadUnsafe(ref x, i + 3 * c), Vector128.LoadUnsafe(ref y, i + 3 * c));
        }

        /// <summary>Adds the vector at <paramref name="at"/> with all but its last <paramref name="kept"/> lanes replaced by 0.</summary>
        public void AddLast<TTerm>(ref T x, ref T y, int at, int kept) where TTerm : struct, ITerm
        {
            int c = Vector128<T>.Count, first = 4 * c - kept;
            nuint i = (nuint)at;
            _q0 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)), first);
            _q1 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + (nuint)c), Vector128.LoadUnsafe(ref y, i + (nuint)c)), first - c);
            _q2 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + (nuint)(2 * c)), Vector128.LoadUnsafe(ref y, i + (nuint)(2 * c))), first - 2 * c);
            _q3 += Masked(TTerm.Of(Vector128.LoadUnsafe(ref x, i + (nuint)(3 * c)), Vector128.LoadUnsafe(ref y, i + (nuint)(3 * c))), first - 3 * c);
        }

        /// <summary>The pairwise horizontal sum of the sixteen (eight) virtual lanes, as <see cref="Pairs{T}"/> adds them:
        /// each quarter's pairs, then pairs of quarters. Element reads and scalar additions, so no horizontal instruction
        /// of the machine's can choose another order.</summary>
        public readonly T Total() => (Quarter(_q0) + Quarter(_q1)) + (Quarter(_q2) + Quarter(_q3));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Quarter(Vector128<T> q) => Vector128<T>.Count == 4
            ? (q.GetElement(0) + q.GetElement(1)) + (q.GetElement(2) + q.GetElement(3))
            : q.GetElement(0) + q.GetElement(1);

        /// <summary>The terms of lanes at or after <paramref name="first"/> (counted in this quarter), 0 before (a select,
        /// which moves bits without arithmetic).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> Masked(Vector128<T> terms, int first) =>
            first <= 0 ? terms : Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(first))), terms, Vector128<T>.Zero);
    }

    /// <summary>The term one element contributes.</summary>
    internal interface ITerm
    {
        static abstract T Of<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>;
        static abstract Vector128<T> Of<T>(Vector128<T> x, Vector128<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    internal readonly struct Plain : ITerm
    {
        public static T Of<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x;
        public static Vector128<T> Of<T>(Vector128<T> x, Vector128<T> y) where T : unmanaged, IFloatingPointIeee754<T> => x;
    }

    internal readonly struct Square : ITerm
    {
        public static T Of<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x * x;
        public static Vector128<T> Of<T>(Vector128<T> x, Vector128<T> y) where T : unmanaged, IFloatingPointIeee754<T> => x * x;
    }

    internal readonly struct Product : ITerm
    {
        public static T Of<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x * y;
        public static Vector128<T> Of<T>(Vector128<T> x, Vector128<T> y) where T : unmanaged, IFloatingPointIeee754<T> => x * y;
    }

    internal readonly struct Difference : ITerm
    {
        public static T Of<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T d = x - y;
            return d * d;
        }

        public static Vector128<T> Of<T>(Vector128<T> x, Vector128<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var d = x - y;
            return d * d;
        }
    }
}
