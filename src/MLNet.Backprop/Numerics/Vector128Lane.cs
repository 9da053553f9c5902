using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

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
    public static Vector128Lane Load(ref float source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));
    public void Store(ref float destination, nuint index) => _value.StoreUnsafe(ref destination, index);
    public static Vector128Lane Sqrt(Vector128Lane x) => new(Vector128.Sqrt(x._value));
    public static Vector128Lane operator +(Vector128Lane a, Vector128Lane b) => new(a._value + b._value);
    public static Vector128Lane operator -(Vector128Lane a, Vector128Lane b) => new(a._value - b._value);
    public static Vector128Lane operator *(Vector128Lane a, Vector128Lane b) => new(a._value * b._value);
    public static Vector128Lane operator /(Vector128Lane a, Vector128Lane b) => new(a._value / b._value);
    public static Vector128Lane Abs(Vector128Lane x) => new(Vector128.Abs(x._value));
    public static Vector128Lane Max(Vector128Lane a, Vector128Lane b) => new(Vector128.Max(a._value, b._value));
    public static Vector128Lane GreaterThan(Vector128Lane a, Vector128Lane b) => new(Vector128.GreaterThan(a._value, b._value));
    public static Vector128Lane GreaterThanOrEqual(Vector128Lane a, Vector128Lane b) => new(Vector128.GreaterThanOrEqual(a._value, b._value));
    public static Vector128Lane LessThanOrEqual(Vector128Lane a, Vector128Lane b) => new(Vector128.LessThanOrEqual(a._value, b._value));
    public static Vector128Lane EqualTo(Vector128Lane a, Vector128Lane b) => new(Vector128.Equals(a._value, b._value));
    public static Vector128Lane And(Vector128Lane a, Vector128Lane b) => new(a._value & b._value);
    public static Vector128Lane Select(Vector128Lane mask, Vector128Lane whenTrue, Vector128Lane whenFalse) => new(Vector128.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
    public static int CountTrue(Vector128Lane mask) => BitOperations.PopCount(mask._value.ExtractMostSignificantBits());
}
