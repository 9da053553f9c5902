using System.Numerics.Tensors;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using static MLNet.Backprop.Tests.TestSupport.KernelData;

namespace MLNet.Backprop.Tests.Numerics;

/// <summary>The shared layer passes against the scalar statements they stand for, bit for bit.</summary>
public class LayerKernelsTests
{
    public static TheoryData<int, int> AllShapes() => Shapes();

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void AddBias_AnyShape_EqualsRowByRowAdd(int rows, int n)
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
    [MemberData(nameof(AllShapes))]
    public void ColumnSums_AnyShape_EqualsRowByRowAdd(int rows, int n)
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
    [MemberData(nameof(AllShapes))]
    public void MarkPositiveColumns_AnyShape_FlagsExactlyTheColumnsWithAPositiveValue(int rows, int n)
    {
        var z = Values(rows * n, seed: 13 * rows + n);
        var flags = new float[n];
        flags[0] = 1f; // an earlier batch's flag stays set
        LayerKernels.MarkPositiveColumns(z, flags, rows, n);

        for (int j = 0; j < n; j++)
        {
            bool positive = j == 0 || Enumerable.Range(0, rows).Any(r => z[r * n + j] > 0f);
            flags[j].ShouldBe(positive ? 1f : 0f, $"column {j}");
        }
    }

    [Fact]
    public void Kernels_ShortBuffers_Throw()
    {
        Should.Throw<ArgumentException>(() => LayerKernels.AddBias(new float[5], new float[3], 2, 3));
        Should.Throw<ArgumentException>(() => LayerKernels.ColumnSums(new float[6], new float[2], 2, 3));
        Should.Throw<ArgumentException>(() => LayerKernels.MarkPositiveColumns(new float[6], new float[2], 2, 3));
    }
}
