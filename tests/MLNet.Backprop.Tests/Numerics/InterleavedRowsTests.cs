using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Numerics;

public class InterleavedRowsTests
{
    [Theory]
    [InlineData(32, 64)] // the defaults' hidden layer
    [InlineData(1, 32)] // the defaults' output layer: four scalar chains
    [InlineData(37, 5)] // pairs of vectors, a single vector and a scalar tail
    [InlineData(8, 3)]
    [InlineData(16, 1)]
    [InlineData(3, 0)] // no inputs: +0
    public void Multiply_AnyShape_EachProductGemmsBits(int n, int k)
    {
        var a = Enumerable.Range(0, InterleavedRows.Count).Select(i => TestData.Normal(k, (ulong)(10 + i))).ToArray();
        var b = Enumerable.Range(0, InterleavedRows.Count).Select(i => TestData.Normal(k * n, (ulong)(20 + i))).ToArray();
        if (k > 1)
        {
            // A row of −0 values (the chain from +0 stays +0), a NaN, an infinity, and a product that underflows to −0.
            Array.Fill(a[0], -0f);
            a[1][1] = float.NaN;
            b[2][n] = float.PositiveInfinity;
            a[3][0] = 1e-30f;
            b[3][0] = -1e-30f;
        }
        var c = Enumerable.Range(0, InterleavedRows.Count).Select(i => TestData.Normal(n, (ulong)(30 + i))).ToArray(); // overwritten

        InterleavedRows.Multiply(a, b, c, n, k);

        for (int i = 0; i < InterleavedRows.Count; i++)
        {
            var gemm = new float[n];
            Gemm.Multiply(a[i], false, b[i], false, gemm, 1, n, k, accumulate: false);
            var scalar = new float[n];
            Gemm.MultiplyScalar(a[i], false, b[i], false, scalar, 1, n, k, accumulate: false);
            Bits(c[i]).ShouldBe(Bits(gemm), $"product {i}");
            Bits(c[i]).ShouldBe(Bits(scalar), $"product {i}");
        }
        if (k > 1)
        {
            Bits(c[0]).ShouldAllBe(bits => bits == 0u);
            float.IsNaN(c[1][0]).ShouldBeTrue();
        }
    }

    [Fact]
    public void Multiply_NotFourProducts_Throws()
    {
        float[][] three = [new float[2], new float[2], new float[2]];

        Should.Throw<ArgumentException>(() => InterleavedRows.Multiply(three, three, three, 1, 2));
    }

    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();
}
