using System.Numerics.Tensors;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

/// <summary>
/// The vectorised layer passes against the scalar statements they replace, bit for bit: widths 1–40 and 64, 1024 cover
/// the 512-bit body, the 256-bit body and every scalar tail; the values include ±0, ±∞, NaN and subnormals.
/// </summary>
public class LayerKernelsTests
{
    private static readonly float[] Specials =
        [0f, -0f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 3e38f, -3e38f];

    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in Enumerable.Range(1, 40).Concat([64, 1024]))
            foreach (int rows in new[] { 1, 3, 17 })
                data.Add(rows, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddBiasRelu_EqualsBiasAddThenMax(int rows, int n)
    {
        var z = Values(rows * n, seed: rows * 1000 + n);
        var bias = Values(n, seed: n);
        var expectedZ = (float[])z.Clone();
        var expectedA = new float[rows * n];
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(expectedZ.AsSpan(r * n, n), bias, expectedZ.AsSpan(r * n, n));
        TensorPrimitives.Max(expectedZ, 0f, expectedA);

        var a = new float[rows * n];
        LayerKernels.AddBiasRelu(z, bias, a, rows, n);

        Bits(z).ShouldBe(Bits(expectedZ));
        Bits(a).ShouldBe(Bits(expectedA));
    }

    [Fact]
    public void Relu_Scalar_EqualsMathFMax_OnSpecialValues()
    {
        foreach (float v in Specials)
            BitConverter.SingleToInt32Bits(LayerKernels.Relu(v)).ShouldBe(BitConverter.SingleToInt32Bits(MathF.Max(v, 0f)), $"v = {v}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddBias_EqualsRowByRowAdd(int rows, int n)
    {
        var z = Values(rows * n, seed: rows + n);
        var bias = Values(n, seed: 7 * n);
        var expected = (float[])z.Clone();
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(expected.AsSpan(r * n, n), bias, expected.AsSpan(r * n, n));

        LayerKernels.AddBias(z, bias, rows, n);

        Bits(z).ShouldBe(Bits(expected));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReluBackwardWithColumnSums_EqualsMaskThenRowSums(int rows, int n)
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
        LayerKernels.ReluBackwardWithColumnSums(a, delta, sums, rows, n);

        Bits(delta).ShouldBe(Bits(expectedDelta));
        Bits(sums).ShouldBe(Bits(expectedSums));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ColumnSums_EqualsRowByRowAdd(int rows, int n)
    {
        var m = Values(rows * n, seed: 11 * rows + n);
        var expected = new float[n];
        m.AsSpan(0, n).CopyTo(expected);
        for (int r = 1; r < rows; r++) TensorPrimitives.Add(expected, m.AsSpan(r * n, n), expected);

        var sums = new float[n];
        LayerKernels.ColumnSums(m, sums, rows, n);

        Bits(sums).ShouldBe(Bits(expected));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MarkPositiveColumns_FlagsExactlyTheColumnsWithAPositiveValue(int rows, int n)
    {
        var z = Values(rows * n, seed: 13 * rows + n);
        var flags = new uint[n];
        flags[0] = uint.MaxValue; // an earlier batch's flag stays set
        LayerKernels.MarkPositiveColumns(z, flags, rows, n);

        for (int j = 0; j < n; j++)
        {
            bool positive = j == 0 || Enumerable.Range(0, rows).Any(r => z[r * n + j] > 0f);
            flags[j].ShouldBe(positive ? uint.MaxValue : 0u, $"column {j}");
        }
    }

    [Fact]
    public void Kernels_RejectShortBuffers()
    {
        Should.Throw<ArgumentException>(() => LayerKernels.AddBiasRelu(new float[5], new float[3], new float[6], 2, 3));
        Should.Throw<ArgumentException>(() => LayerKernels.ColumnSums(new float[6], new float[2], 2, 3));
    }

    // Mostly random values of both signs, with the special values sprinkled in and some exact zeros.
    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Next(8) switch
            {
                0 => Specials[random.Next(Specials.Length)],
                1 => 0f,
                _ => random.NextSingle() * 4f - 2f,
            };
        }
        return values;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
