using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class QuantileBinsTests
{
    private static float[][] EdgesOf(QuantileBins bins) => Enumerable.Range(0, bins.Features).Select(f => bins.Edges(f).ToArray()).ToArray();

    [Fact]
    public void Compute_EvenlySpreadColumn_EdgesAreItsQuantiles()
    {
        float[] column = Enumerable.Range(0, 101).Select(i => (float)i).ToArray(); // 0..100: the q-quantile is 100q

        var bins = QuantileBins.Compute(column, rows: 101, columns: 1, bins: 4);

        EdgesOf(bins)[0].ShouldBe([0f, 25f, 50f, 75f, 100f]);
        bins.TotalBins.ShouldBe(4);
    }

    [Fact]
    public void Compute_QuantileBetweenRows_InterpolatesLinearly()
    {
        // 4 rows (out of order): quantile q at position 3q of the sorted values 0, 1, 2, 10; q = 2/3 → 2, q = 1/3 → 1.
        var bins = QuantileBins.Compute(new float[] { 10f, 0f, 2f, 1f }, rows: 4, columns: 1, bins: 3);
        EdgesOf(bins)[0].ShouldBe([0f, 1f, 2f, 10f]);

        // 5 rows, 2 bins: the median 2; with 8 bins the 1/8-quantile is at position 0.5, between 0 and 1.
        EdgesOf(QuantileBins.Compute(new float[] { 0f, 1f, 2f, 3f, 4f }, 5, 1, 8))[0].ShouldBe([0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f]);
    }

    [Fact]
    public void Compute_RepeatedValues_MergesEqualEdges()
    {
        // Seven zeros and 1, 2, 3: the quantiles at 0, ¼, ½ are all 0 (one edge), ¾ is 0.75 (position 6.75), 1 is 3.
        float[] column = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3];

        var bins = QuantileBins.Compute(column, rows: 10, columns: 1, bins: 4);

        EdgesOf(bins)[0].ShouldBe([0f, 0.75f, 3f]);
        bins.TotalBins.ShouldBe(2);
    }

    [Fact]
    public void Compute_ConstantColumn_HasOneEdgeAndNoBin()
    {
        // Two columns, row-major: the first constant, the second 0, 1, 2.
        float[] rows = [5f, 0f, 5f, 1f, 5f, 2f];

        var bins = QuantileBins.Compute(rows, rows: 3, columns: 2, bins: 16);

        EdgesOf(bins)[0].ShouldBe([5f]);
        bins.TotalBins.ShouldBe(EdgesOf(bins)[1].Length - 1);
        var encoded = new float[bins.TotalBins];
        bins.Encode([5f, 1f], encoded); // the constant feature writes nothing; the other fills every bin
        encoded.All(float.IsFinite).ShouldBeTrue();
    }

    [Fact]
    public void Encode_ValuesAcrossTheBins_OneBelowFractionInItsBinZeroAbove()
    {
        var bins = new QuantileBins([[0f, 1f, 3f], [-2f, 2f]]);
        float[] Encode(float a, float b)
        {
            var e = new float[3];
            bins.Encode([a, b], e);
            return e;
        }

        Encode(2f, 0f).ShouldBe([1f, 0.5f, 0.5f]);
        Encode(0.25f, -2f).ShouldBe([0.25f, 0f, 0f]);
        Encode(-1f, 9f).ShouldBe([0f, 0f, 1f]); // below the first edge, above the last: clamped
        Encode(5f, -7f).ShouldBe([1f, 1f, 0f]);
        Encode(1f, 2f).ShouldBe([1f, 0f, 1f]); // on an edge
    }

    [Fact]
    public void Encode_ManyBinsAndEveryKindOfValue_IsTheScalarFormulaBitForBit()
    {
        // Features of 1 to 7 bins, then 1 and 2 (31 in all: whole vectors and a scalar tail), some edges of awkward widths, and rows
        // with values on, between, below and above the edges, zeros of both signs, infinities and NaN.
        var rng = new Random(7);
        var edges = Enumerable.Range(1, 7).Select(bins =>
        {
            var e = new float[bins + 1];
            e[0] = (float)(rng.NextDouble() - 1.0);
            for (int t = 1; t <= bins; t++) e[t] = e[t - 1] + (float)((1.0 + rng.NextDouble()) / 3.0);
            return e;
        }).ToList();
        edges.Add([0f, 1f]);
        edges.Add([-1e-30f, 0f, 1e30f]);
        var bins = new QuantileBins(edges);
        var special = new[] { 0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 1f, -1e30f, 1e30f };
        var encoded = new float[bins.TotalBins];

        for (int row = 0; row < 400; row++)
        {
            var x = new float[bins.Features];
            for (int f = 0; f < x.Length; f++)
            {
                var e = edges[f];
                x[f] = (row % 4) switch
                {
                    0 => e[rng.Next(e.Length)],
                    1 => special[rng.Next(special.Length)],
                    2 => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(e[rng.Next(e.Length)]) + rng.Next(-2, 3)),
                    _ => (float)(rng.NextDouble() * 4 - 2),
                };
            }

            bins.Encode(x, encoded);

            for (int f = 0, at = 0; f < x.Length; f++)
                for (int t = 1; t < edges[f].Length; t++, at++)
                {
                    float value = (x[f] - edges[f][t - 1]) / (edges[f][t] - edges[f][t - 1]);
                    float expected = value < 0f ? 0f : value > 1f ? 1f : value;
                    BitConverter.SingleToInt32Bits(encoded[at]).ShouldBe(BitConverter.SingleToInt32Bits(expected), $"row {row}, feature {f}, bin {t}, x {x[f]}");
                }
        }
    }

    [Fact]
    public void Encode_RowOrDestinationTooShort_Throws()
    {
        var bins = new QuantileBins([[0f, 1f, 2f], [0f, 1f]]);

        Should.Throw<ArgumentException>(() => bins.Encode(new float[1], new float[3]));
        Should.Throw<ArgumentException>(() => bins.Encode(new float[2], new float[2]));
    }

    [Fact]
    public void Encode_FloatAndDouble_Agree()
    {
        var bins = QuantileBins.Compute(TestSupport.TestData.Normal(300, 3), rows: 100, columns: 3, bins: 7);
        var row = new[] { 0.3f, -1.7f, 0.01f };
        var single = new float[bins.TotalBins];
        var dual = new double[bins.TotalBins];

        bins.Encode(row, single);
        bins.Encode(row, dual);

        for (int i = 0; i < single.Length; i++) ((double)single[i]).ShouldBe(dual[i], 1e-6);
    }

    [Fact]
    public void Encode_NaNValue_GivesNaNInItsFeaturesBinsOnly()
    {
        var bins = new QuantileBins([[0f, 1f, 3f], [-2f, 2f]]);
        var e = new float[3];

        bins.Encode([float.NaN, 0f], e);

        float.IsNaN(e[0]).ShouldBeTrue();
        float.IsNaN(e[1]).ShouldBeTrue();
        e[2].ShouldBe(0.5f);
    }

    [Fact]
    public void Encode_ExtremeValues_StayInTheUnitInterval()
    {
        var bins = new QuantileBins([[-1e-30f, 0f, 1e-30f]]); // bins of tiny width: the slopes overflow to ±∞, clamped
        var e = new float[2];

        bins.Encode([float.MaxValue], e);
        e.ShouldBe([1f, 1f]);
        bins.Encode([-float.MaxValue], e);
        e.ShouldBe([0f, 0f]);
    }

    [Theory]
    [InlineData(new[] { 0f, 0f }, "do not increase")]
    [InlineData(new[] { 1f, 0f }, "do not increase")]
    [InlineData(new[] { 0f, float.NaN }, "NaN")]
    [InlineData(new float[0], "no edge")]
    public void Constructor_InvalidEdges_ThrowsSaying(float[] edges, string why)
    {
        Should.Throw<ArgumentException>(() => new QuantileBins([[0f, 1f], edges])).Message.ShouldContain(why);
    }
}
