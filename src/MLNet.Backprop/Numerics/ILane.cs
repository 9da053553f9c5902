using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// A run of consecutive floats processed together: one float, or a 128-, 256- or 512-bit vector. Every element-wise
/// kernel of the library (layer passes, optimizer updates, statistics) is written once over this interface; only the
/// GEMM micro-kernels use hardware intrinsics directly.
/// </summary>
/// <remarks>
/// <para>Each update rule writes its formula once, generic over the lane type, and runs it with the widest accelerated
/// vector lane first, narrower lanes next, and <see cref="ScalarLane"/> for the tail. Because every lane evaluates the
/// same expression tree with the same IEEE-754 single-precision operations (<c>+ − × ÷ √</c>, each correctly rounded,
/// no fused multiply-add), the result of an element does not depend on which lane processed it: the vector body and the
/// scalar tail are bit-identical to the scalar formula.</para>
/// <para>Comparisons return masks (all bits set or clear per element), consumed by <c>Select</c>, <c>And</c> and
/// <c>CountTrue</c>; a select moves bits without arithmetic, so it cannot change a value either.</para>
/// <para>Loads and stores are unchecked: callers guarantee <c>index + Count ≤ span.Length</c> for every span they
/// touch (the update loops only run while a whole lane fits, and state spans are sliced to the length of the values).</para>
/// </remarks>
/// <typeparam name="TSelf">The lane type itself.</typeparam>
internal interface ILane<TSelf> where TSelf : struct, ILane<TSelf>
{
    /// <summary>Number of floats in one lane.</summary>
    static abstract int Count { get; }

    /// <summary>A lane with every element equal to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Reads <see cref="Count"/> floats starting at <paramref name="index"/>.</summary>
    static abstract TSelf Load(ReadOnlySpan<float> source, int index);

    /// <summary>Writes the lane's <see cref="Count"/> floats starting at <paramref name="index"/>.</summary>
    void Store(Span<float> destination, int index);

    /// <summary>Reads <see cref="Count"/> floats at <paramref name="index"/> after <paramref name="source"/> (row loops over a
    /// batch walk references instead of slicing a span per row).</summary>
    static abstract TSelf Load(ref float source, nuint index);

    /// <summary>Writes the lane's <see cref="Count"/> floats at <paramref name="index"/> after <paramref name="destination"/>.</summary>
    void Store(ref float destination, nuint index);

    /// <summary>Element-wise correctly rounded square root.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>Element-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Element-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Element-wise product (never fused with a following addition).</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Element-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>Element-wise |x| (clears the sign bit).</summary>
    static abstract TSelf Abs(TSelf x);

    /// <summary>Element-wise maximum, for values that are not NaN (flags, counts).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>A mask lane: all bits set where a &gt; b, else 0 (false for NaN).</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    /// <summary>A mask lane: all bits set where a ≥ b, else 0 (false for NaN).</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);

    /// <summary>A mask lane: all bits set where a ≤ b, else 0 (false for NaN).</summary>
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    /// <summary>A mask lane: all bits set where a = b, else 0.</summary>
    static abstract TSelf EqualTo(TSelf a, TSelf b);

    /// <summary>Bitwise and of two masks.</summary>
    static abstract TSelf And(TSelf a, TSelf b);

    /// <summary>Per element, <paramref name="whenTrue"/> where the mask is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>Number of elements set in a mask.</summary>
    static abstract int CountTrue(TSelf mask);
}

/// <summary>Which lanes the hardware accelerates; the update loops try them widest first.</summary>
internal static class Lanes
{
    /// <summary>True when 512-bit vectors are hardware accelerated.</summary>
    public static bool Use512 => Vector512.IsHardwareAccelerated;

    /// <summary>True when 256-bit vectors are hardware accelerated.</summary>
    public static bool Use256 => Vector256.IsHardwareAccelerated;

    /// <summary>True when 128-bit vectors are hardware accelerated.</summary>
    public static bool Use128 => Vector128.IsHardwareAccelerated;
}
