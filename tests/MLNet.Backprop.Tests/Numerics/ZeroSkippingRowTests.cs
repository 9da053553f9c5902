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
}
