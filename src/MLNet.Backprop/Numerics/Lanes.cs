using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// A run of consecutive floats processed together: one float, or a 128-, 256- or 512-bit vector.
/// </summary>
/// <remarks>
/// <para>Each update rule writes its formula once, generic over the lane type, and runs it with the widest accelerated
/// vector lane first, narrower lanes next, and <see cref="ScalarLane"/> for the tail. Because every lane evaluates the
/// same expression tree with the same IEEE-754 single-precision operations (<c>+ − × ÷ √</c>, each correctly rounded,
/// no fused multiply-add), the result of an element does not depend on which lane processed it: the vector body and the
/// scalar tail are bit-identical to the scalar formula.</para>
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

/// <summary>One float: the scalar tail of every update loop.</summary>
internal readonly struct ScalarLane(float value) : ILane<ScalarLane>
{
    private readonly float _value = value;

    public static int Count => 1;
    public static ScalarLane Broadcast(float value) => new(value);
    public static ScalarLane Load(ReadOnlySpan<float> source, int index) => new(source[index]);
    public void Store(Span<float> destination, int index) => destination[index] = _value;
    public static ScalarLane Sqrt(ScalarLane x) => new(MathF.Sqrt(x._value));
    public static ScalarLane operator +(ScalarLane a, ScalarLane b) => new(a._value + b._value);
    public static ScalarLane operator -(ScalarLane a, ScalarLane b) => new(a._value - b._value);
    public static ScalarLane operator *(ScalarLane a, ScalarLane b) => new(a._value * b._value);
    public static ScalarLane operator /(ScalarLane a, ScalarLane b) => new(a._value / b._value);
}

/// <summary>Four floats in a <see cref="Vector128{T}"/>.</summary>
internal readonly struct Vector128Lane(Vector128<float> value) : ILane<Vector128Lane>
{
    private readonly Vector128<float> _value = value;

    public static int Count => Vector128<float>.Count;
    public static Vector128Lane Broadcast(float value) => new(Vector128.Create(value));
    public static Vector128Lane Load(ReadOnlySpan<float> source, int index) =>
        new(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    public void Store(Span<float> destination, int index) =>
        _value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    public static Vector128Lane Sqrt(Vector128Lane x) => new(Vector128.Sqrt(x._value));
    public static Vector128Lane operator +(Vector128Lane a, Vector128Lane b) => new(a._value + b._value);
    public static Vector128Lane operator -(Vector128Lane a, Vector128Lane b) => new(a._value - b._value);
    public static Vector128Lane operator *(Vector128Lane a, Vector128Lane b) => new(a._value * b._value);
    public static Vector128Lane operator /(Vector128Lane a, Vector128Lane b) => new(a._value / b._value);
}

/// <summary>Eight floats in a <see cref="Vector256{T}"/>.</summary>
internal readonly struct Vector256Lane(Vector256<float> value) : ILane<Vector256Lane>
{
    private readonly Vector256<float> _value = value;

    public static int Count => Vector256<float>.Count;
    public static Vector256Lane Broadcast(float value) => new(Vector256.Create(value));
    public static Vector256Lane Load(ReadOnlySpan<float> source, int index) =>
        new(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    public void Store(Span<float> destination, int index) =>
        _value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    public static Vector256Lane Sqrt(Vector256Lane x) => new(Vector256.Sqrt(x._value));
    public static Vector256Lane operator +(Vector256Lane a, Vector256Lane b) => new(a._value + b._value);
    public static Vector256Lane operator -(Vector256Lane a, Vector256Lane b) => new(a._value - b._value);
    public static Vector256Lane operator *(Vector256Lane a, Vector256Lane b) => new(a._value * b._value);
    public static Vector256Lane operator /(Vector256Lane a, Vector256Lane b) => new(a._value / b._value);
}

/// <summary>Sixteen floats in a <see cref="Vector512{T}"/>.</summary>
internal readonly struct Vector512Lane(Vector512<float> value) : ILane<Vector512Lane>
{
    private readonly Vector512<float> _value = value;

    public static int Count => Vector512<float>.Count;
    public static Vector512Lane Broadcast(float value) => new(Vector512.Create(value));
    public static Vector512Lane Load(ReadOnlySpan<float> source, int index) =>
        new(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    public void Store(Span<float> destination, int index) =>
        _value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    public static Vector512Lane Sqrt(Vector512Lane x) => new(Vector512.Sqrt(x._value));
    public static Vector512Lane operator +(Vector512Lane a, Vector512Lane b) => new(a._value + b._value);
    public static Vector512Lane operator -(Vector512Lane a, Vector512Lane b) => new(a._value - b._value);
    public static Vector512Lane operator *(Vector512Lane a, Vector512Lane b) => new(a._value * b._value);
    public static Vector512Lane operator /(Vector512Lane a, Vector512Lane b) => new(a._value / b._value);
}
