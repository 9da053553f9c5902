using MLNet.Backprop.Network.Activations;
using static MLNet.Backprop.Tests.TestSupport.KernelData;

namespace MLNet.Backprop.Tests.Network.Activations;

/// <summary>tanh's vectorised passes (the derivative and the saturation count) against the scalar statements, bit for bit.</summary>
public class TanhFunctionTests
{
    public static TheoryData<int, int> AllShapes() => Shapes();

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Backward_AnyShape_DeltaIsDeltaTimesOneMinusASquared(int rows, int n)
    {
        var a = Values(rows * n, seed: 7 * rows + n);
        var delta = Values(rows * n, seed: 11 * rows + n);
        var expected = (float[])delta.Clone();
        for (int i = 0; i < expected.Length; i++) expected[i] *= 1f - a[i] * a[i];

        new TanhFunction().Backward(z: a, a, delta, new float[n], rows, n);

        Bits(delta).ShouldBe(Bits(expected));
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void CountSaturated_AnyLength_CountsTheValuesBeyondPoint99(int rows, int n)
    {
        var a = Values(rows * n, seed: 13 * rows + n);
        for (int i = 0; i < a.Length; i += 3) a[i] = i % 2 == 0 ? 0.995f : -0.9901f; // saturated, both signs
        if (a.Length > 1) a[1] = 0.99f; // at the limit: not beyond it

        long expected = a.LongCount(v => MathF.Abs(v) > 0.99f);

        new TanhFunction().CountSaturated(a).ShouldBe(expected);
    }

    [Fact]
    public void CountSaturated_SpecialValues_CountedAsTheScalarTestCountsThem()
    {
        var a = Enumerable.Repeat(Specials, 5).SelectMany(s => s).ToArray(); // several vectors' worth and a tail

        new TanhFunction().CountSaturated(a).ShouldBe(a.LongCount(v => MathF.Abs(v) > 0.99f));
    }
}
