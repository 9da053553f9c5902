using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Numerics;

public class NarrowProductsTests
{
    [Theory]
    [InlineData(5, 8, 32)]
    [InlineData(7, 3, 4)]
    [InlineData(4, 37, 8)]
    [InlineData(13, 32, 8)]
    [InlineData(3, 8, 5)]
    public void Multiply_AnyShape_EachElementTheChainInIncreasingIndex(int m, int n, int k)
    {
        var a = TestData.Normal(m * k, 1);
        var b = TestData.Normal(k * n, 2);
        var c = new float[m * n];

        NarrowProducts.Multiply(a, b, c, m, n, k);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int q = 0; q < k; q++) sum += a[i * k + q] * b[q * n + j];
                c[i * n + j].ShouldBe(sum); // bit for bit, vector lane or tail
            }
    }

    [Theory]
    [InlineData(3, 8, 32)] // the defaults' k and d for three embedded features: a group of four repeating its last block
    [InlineData(1, 8, 32)]
    [InlineData(4, 8, 5)]
    [InlineData(9, 5, 4)] // two groups of four and a single block; fewer columns than a vector (the scalar chains)
    [InlineData(6, 13, 7)] // a vector's columns and a tail
    public void MultiplyBlocks_AnyCountOfBlocks_EachBlocksOneRowMultiplyBits(int blocks, int n, int k)
    {
        var a = TestData.Normal(blocks * k, 3);
        var b = TestData.Normal(blocks * k * n, 4);
        a[1] = float.NaN;
        a[^1] = -0f;
        b[n + 1] = float.PositiveInfinity;
        b[^1] = float.NegativeInfinity;
        var c = Enumerable.Repeat(7f, blocks * n + 3).ToArray(); // every value overwritten, nothing past the blocks
        var expected = new float[blocks * n];
        for (int i = 0; i < blocks; i++)
            NarrowProducts.Multiply(a.AsSpan(i * k, k), b.AsSpan(i * k * n, k * n), expected.AsSpan(i * n, n), 1, n, k);

        NarrowProducts.MultiplyBlocks(a, b, c, blocks, n, k);

        c.Take(blocks * n).Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits));
        c.Skip(blocks * n).ShouldAllBe(v => v == 7f);
        float.IsNaN(c[0]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(5, 8, 32)]
    [InlineData(9, 3, 4)]
    [InlineData(4, 37, 8)]
    [InlineData(6, 8, 11)]
    [InlineData(64, 17, 3)]
    [InlineData(64, 8, 32)] // a periodic part's dL/dL_j at k = 16, d = 8: eight rows of c at a time
    [InlineData(7, 8, 21)] // eights, a four and a single row of c
    [InlineData(5, 13, 12)] // eights and fours with a scalar tail of columns
    public void MultiplyTransposedA_AnyShape_SumsOverTheRowsInOrder(int m, int n, int k)
    {
        var a = TestData.Normal(m * k, 3);
        var g = TestData.Normal(m * n, 4);
        var c = TestData.Normal(k * n, 5); // overwritten

        NarrowProducts.MultiplyTransposedA(a, g, c, m, n, k);

        for (int q = 0; q < k; q++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int r = 0; r < m; r++) sum += a[r * k + q] * g[r * n + j];
                c[q * n + j].ShouldBe(sum);
            }
    }
}
