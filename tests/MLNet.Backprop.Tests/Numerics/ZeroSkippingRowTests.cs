using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class ZeroSkippingRowTests
{
    [Theory]
    [InlineData(133, 64)]
    [InlineData(20, 200)]
    [InlineData(40, 100)]
    [InlineData(17, 37)]
    [InlineData(9, 8)]
    [InlineData(5, 1)]
    public void TryMultiply_RowHalfZerosHalfOnes_GemmsBits(int k, int n)
    {
        var rng = new Random(k * 100 + n);
        // A piecewise-linear row: zeros, ones and a few fractions.
        var a = Enumerable.Range(0, k).Select(_ => rng.Next(3) switch { 0 => 0f, 1 => 1f, _ => (float)rng.NextDouble() }).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var expected = new float[n];
        Gemm.MultiplyScalar(a, false, b, false, expected, 1, n, k, accumulate: false);
        var positions = new int[k];
        int count = ZeroSkippingRow.NonZeros(a, positions);
        var actual = new float[n];

        bool done = ZeroSkippingRow.TryMultiply(a, positions.AsSpan(0, count), b, actual, n);

        count.ShouldBe(a.Count(v => v != 0f));
        positions.Take(count).ShouldBe(Enumerable.Range(0, k).Where(p => a[p] != 0f));
        done.ShouldBe(expected.All(v => v != 0f));
        if (done) actual.Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void TryMultiply_ResultZero_FalseSinceTheSignOfZeroMayDiffer()
    {
        // 1e-30·(−1e-30) underflows to −0; the whole chain's fma(0, 5, −0) then gives +0, the skipping one keeps −0.
        float[] a = [1e-30f, 0f], b = [-1e-30f, 5f];
        var whole = new float[1];
        Gemm.MultiplyScalar(a, false, b, false, whole, 1, 1, 2, accumulate: false);
        var skipping = new float[1];

        ZeroSkippingRow.TryMultiply(a, [0], b, skipping, 1).ShouldBeFalse();

        float.IsPositive(whole[0]).ShouldBeTrue();
        float.IsNegative(skipping[0]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(66, 64)] // a periodic part's E in the default churn model
    [InlineData(133, 64)]
    [InlineData(17, 37)]
    [InlineData(5, 1)]
    public void TryMultiply_Accumulating_GemmsChainFromC(int k, int n)
    {
        var rng = new Random(k * 7 + n);
        var a = Enumerable.Range(0, k).Select(_ => rng.Next(4) == 0 ? (float)(rng.NextDouble() * 2 - 1) : rng.Next(2) == 0 ? 0f : -0f).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var start = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        start[0] = float.NaN; // kept through every step, skipped or not
        if (n > 2) start[2] = float.NegativeInfinity;
        var expected = start.ToArray();
        Gemm.MultiplyScalar(a, false, b, false, expected, 1, n, k, accumulate: true);
        var positions = new int[k];
        int count = ZeroSkippingRow.NonZeros(a, positions);
        var actual = start.ToArray();

        ZeroSkippingRow.TryMultiply(a, positions.AsSpan(0, count), b, actual, n, accumulate: true).ShouldBeTrue();

        actual.Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits));
        float.IsNaN(actual[0]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_ResultZero_RunsGemmOnCAsItWas(bool accumulate)
    {
        // Column 0: the whole chain is at −0 before fma(0, 5, ·) turns it to +0, which fma(2, −0, ·) keeps; the skipping
        // chain stays at −0. The call sees a zero and runs Gemm from c's earlier values (column 1's too: the skipping
        // attempt had moved it to 4.5).
        float[] a = [1e-30f, 0f, 2f], b = [-1e-30f, 1f, 5f, 3f, -0f, 0.25f];
        float[] start = accumulate ? [-0f, 4f] : [9f, 9f];
        var expected = start.ToArray();
        Gemm.MultiplyScalar(a, false, b, false, expected, 1, 2, 3, accumulate);
        var actual = start.ToArray();

        ZeroSkippingRow.Multiply(a, b, actual, 2, accumulate);

        actual.Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits));
        (actual[0] == 0f && float.IsPositive(actual[0])).ShouldBeTrue();
    }

    [Theory]
    [InlineData(66, 64, false)]
    [InlineData(66, 64, true)]
    [InlineData(ZeroSkippingRow.MaxStackLength + 3, 8, true)] // wider than the stack's buffers: Gemm
    public void Multiply_MostlyZeros_GemmsBits(int k, int n, bool accumulate)
    {
        var rng = new Random(k + n);
        var a = Enumerable.Range(0, k).Select(_ => rng.Next(4) == 0 ? (float)(rng.NextDouble() * 6 - 3) : 0f).ToArray();
        a[3] = float.PositiveInfinity;
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var start = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var expected = start.ToArray();
        Gemm.MultiplyScalar(a, false, b, false, expected, 1, n, k, accumulate);
        var actual = start.ToArray();

        ZeroSkippingRow.Multiply(a, b, actual, n, accumulate);

        actual.Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void NonZeros_SignedZerosNaNAndTinyValues_EveryValueThatIsNotZeroInOrder()
    {
        // Two vectors of eight and a tail of three: a NaN is not zero, nor is the smallest subnormal; −0 is.
        float[] a = [0f, -0f, float.NaN, 0f, 0f, 0f, 0f, 0f, float.Epsilon, 1f, 0f, -0f, 0f, float.NegativeInfinity, 0f, 2f, 0f, -0f, -3f];
        var positions = Enumerable.Repeat(-1, a.Length).ToArray();

        int count = ZeroSkippingRow.NonZeros(a, positions);

        positions.Take(count).ShouldBe([2, 8, 9, 13, 15, 18]);
        Should.Throw<ArgumentException>(() => ZeroSkippingRow.NonZeros(a, new int[a.Length - 1]));
    }
}
