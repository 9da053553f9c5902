using System.Numerics.Tensors;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Tests.TestSupport;
using static MLNet.Backprop.Tests.TestSupport.KernelData;

namespace MLNet.Backprop.Tests.Network.Activations;

/// <summary>ReLU's fused passes (the ones training runs) against the unfused statements, bit for bit.</summary>
public class ReluFunctionTests
{
    public static TheoryData<int, int> AllShapes() => Shapes();

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Forward_AnyShape_EqualsBiasAddThenMax(int rows, int n)
    {
        var z = Values(rows * n, seed: rows * 1000 + n);
        var bias = Values(n, seed: n);
        var expectedZ = (float[])z.Clone();
        var expectedA = new float[rows * n];
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(expectedZ.AsSpan(r * n, n), bias, expectedZ.AsSpan(r * n, n));
        TensorPrimitives.Max(expectedZ, 0f, expectedA);

        var a = new float[rows * n];
        new ReluFunction().Forward(z, bias, a, rows, n);

        Bits(z).ShouldBe(Bits(expectedZ));
        Bits(a).ShouldBe(Bits(expectedA));
    }

    [Fact]
    public void Forward_SpecialValuesInTheScalarTail_EqualMathFMax()
    {
        foreach (float v in Specials)
        {
            var z = new[] { v };
            var a = new float[1];
            new ReluFunction().Forward(z, [0f], a, rows: 1, n: 1); // one column: only the scalar lane runs
            BitConverter.SingleToInt32Bits(a[0]).ShouldBe(BitConverter.SingleToInt32Bits(MathF.Max(v + 0f, 0f)), $"v = {v}");
        }
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Backward_AnyShape_EqualsMaskThenRowSums(int rows, int n)
    {
        var a = Values(rows * n, seed: 3 * rows + n);
        var delta = Values(rows * n, seed: 5 * rows + n);
        var expectedDelta = (float[])delta.Clone();
        for (int i = 0; i < expectedDelta.Length; i++)
            if (!(a[i] > 0f)) expectedDelta[i] = 0f;
        var expectedSums = new float[n];
        expectedDelta.AsSpan(0, n).CopyTo(expectedSums);
        for (int r = 1; r < rows; r++) TensorPrimitives.Add(expectedSums, expectedDelta.AsSpan(r * n, n), expectedSums);

        var sums = new float[n];
        new ReluFunction().Backward(z: a, a, delta, sums, rows, n);

        Bits(delta).ShouldBe(Bits(expectedDelta));
        Bits(sums).ShouldBe(Bits(expectedSums));
    }

    [Fact]
    public void Forward_ShortBuffers_Throw()
    {
        Should.Throw<ArgumentException>(() => new ReluFunction().Forward(new float[5], new float[3], new float[6], 2, 3));
        Should.Throw<ArgumentException>(() => new ReluFunction().Backward(new float[6], new float[6], new float[6], new float[2], 2, 3));
    }
}
