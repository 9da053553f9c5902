using System.Runtime.CompilerServices;

namespace MLNet.Backprop.Numerics;

/// <summary>One float: the scalar tail of every element-wise loop.</summary>
internal readonly struct ScalarLane(float value) : ILane<ScalarLane>
{
    private readonly float _value = value;

    public static int Count => 1;
    public static ScalarLane Broadcast(float value) => new(value);
    public static ScalarLane Load(ReadOnlySpan<float> source, int index) => new(source[index]);
    public void Store(Span<float> destination, int index) => destination[index] = _value;
    public static ScalarLane Load(ref float source, nuint index) => new(Unsafe.Add(ref source, index));
    public void Store(ref float destination, nuint index) => Unsafe.Add(ref destination, index) = _value;
    public static ScalarLane Sqrt(ScalarLane x) => new(MathF.Sqrt(x._value));
    public static ScalarLane operator +(ScalarLane a, ScalarLane b) => new(a._value + b._value);
    public static ScalarLane operator -(ScalarLane a, ScalarLane b) => new(a._value - b._value);
    public static ScalarLane operator *(ScalarLane a, ScalarLane b) => new(a._value * b._value);
    public static ScalarLane operator /(ScalarLane a, ScalarLane b) => new(a._value / b._value);
    public static ScalarLane Abs(ScalarLane x) => new(MathF.Abs(x._value));
    public static ScalarLane Max(ScalarLane a, ScalarLane b) => new(MathF.Max(a._value, b._value));
    public static ScalarLane GreaterThan(ScalarLane a, ScalarLane b) => Mask(a._value > b._value);
    public static ScalarLane GreaterThanOrEqual(ScalarLane a, ScalarLane b) => Mask(a._value >= b._value);
    public static ScalarLane LessThanOrEqual(ScalarLane a, ScalarLane b) => Mask(a._value <= b._value);
    public static ScalarLane EqualTo(ScalarLane a, ScalarLane b) => Mask(a._value == b._value);
    public static ScalarLane And(ScalarLane a, ScalarLane b) => Mask(IsSet(a) && IsSet(b));
    public static ScalarLane Select(ScalarLane mask, ScalarLane whenTrue, ScalarLane whenFalse) => IsSet(mask) ? whenTrue : whenFalse;
    public static int CountTrue(ScalarLane mask) => IsSet(mask) ? 1 : 0;
    private static ScalarLane Mask(bool value) => new(BitConverter.Int32BitsToSingle(value ? -1 : 0));
    private static bool IsSet(ScalarLane mask) => BitConverter.SingleToInt32Bits(mask._value) != 0;
}
