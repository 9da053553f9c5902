using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

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
    public static Vector512Lane Load(ref float source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));
    public void Store(ref float destination, nuint index) => _value.StoreUnsafe(ref destination, index);
    public static Vector512Lane Sqrt(Vector512Lane x) => new(Vector512.Sqrt(x._value));
    public static Vector512Lane operator +(Vector512Lane a, Vector512Lane b) => new(a._value + b._value);
    public static Vector512Lane operator -(Vector512Lane a, Vector512Lane b) => new(a._value - b._value);
    public static Vector512Lane operator *(Vector512Lane a, Vector512Lane b) => new(a._value * b._value);
    public static Vector512Lane operator /(Vector512Lane a, Vector512Lane b) => new(a._value / b._value);
    public static Vector512Lane Abs(Vector512Lane x) => new(Vector512.Abs(x._value));
    public static Vector512Lane Max(Vector512Lane a, Vector512Lane b) => new(Vector512.Max(a._value, b._value));
    public static Vector512Lane GreaterThan(Vector512Lane a, Vector512Lane b) => new(Vector512.GreaterThan(a._value, b._value));
    public static Vector512Lane GreaterThanOrEqual(Vector512Lane a, Vector512Lane b) => new(Vector512.GreaterThanOrEqual(a._value, b._value));
    public static Vector512Lane LessThanOrEqual(Vector512Lane a, Vector512Lane b) => new(Vector512.LessThanOrEqual(a._value, b._value));
    public static Vector512Lane EqualTo(Vector512Lane a, Vector512Lane b) => new(Vector512.Equals(a._value, b._value));
    public static Vector512Lane And(Vector512Lane a, Vector512Lane b) => new(a._value & b._value);
    public static Vector512Lane Select(Vector512Lane mask, Vector512Lane whenTrue, Vector512Lane whenFalse) => new(Vector512.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
    public static int CountTrue(Vector512Lane mask) => BitOperations.PopCount(mask._value.ExtractMostSignificantBits());
}
