using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

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
    public static Vector256Lane Load(ref float source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));
    public void Store(ref float destination, nuint index) => _value.StoreUnsafe(ref destination, index);
    public static Vector256Lane Sqrt(Vector256Lane x) => new(Vector256.Sqrt(x._value));
    public static Vector256Lane operator +(Vector256Lane a, Vector256Lane b) => new(a._value + b._value);
    public static Vector256Lane operator -(Vector256Lane a, Vector256Lane b) => new(a._value - b._value);
    public static Vector256Lane operator *(Vector256Lane a, Vector256Lane b) => new(a._value * b._value);
    public static Vector256Lane operator /(Vector256Lane a, Vector256Lane b) => new(a._value / b._value);
    public static Vector256Lane Abs(Vector256Lane x) => new(Vector256.Abs(x._value));
    public static Vector256Lane Max(Vector256Lane a, Vector256Lane b) => new(Vector256.Max(a._value, b._value));
    public static Vector256Lane GreaterThan(Vector256Lane a, Vector256Lane b) => new(Vector256.GreaterThan(a._value, b._value));
    public static Vector256Lane GreaterThanOrEqual(Vector256Lane a, Vector256Lane b) => new(Vector256.GreaterThanOrEqual(a._value, b._value));
    public static Vector256Lane LessThanOrEqual(Vector256Lane a, Vector256Lane b) => new(Vector256.LessThanOrEqual(a._value, b._value));
    public static Vector256Lane EqualTo(Vector256Lane a, Vector256Lane b) => new(Vector256.Equals(a._value, b._value));
    public static Vector256Lane And(Vector256Lane a, Vector256Lane b) => new(a._value & b._value);
    public static Vector256Lane Select(Vector256Lane mask, Vector256Lane whenTrue, Vector256Lane whenFalse) => new(Vector256.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
    public static int CountTrue(Vector256Lane mask) => BitOperations.PopCount(mask._value.ExtractMostSignificantBits());
}
