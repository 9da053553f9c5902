using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The comparison-counting histogram against the log10 formula that defines the bins.</summary>
public class GradientHistogramBinningTests
{
    [Fact]
    public void Thresholds_AreTheFirstFloatsOfEachBin()
    {
        for (int i = 1; i < GradientHistogram.BinCount; i++)
        {
            float t = GradientHistogram.Thresholds[i - 1];
            GradientHistogram.BinOf(t).ShouldBe(i);
            GradientHistogram.BinOf(MathF.BitDecrement(t)).ShouldBe(i - 1);
        }
    }

    [Fact]
    public void Of_EqualsTheFormula_OnRandomValuesEdgesAndSpecials()
    {
        var random = new Random(17);
        var values = new List<float> { 0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, 1f, 10f, 100f, 1e-3f };
        foreach (float t in GradientHistogram.Thresholds)
            for (int d = -3; d <= 3; d++) values.Add(BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(t) + d) * (d % 2 == 0 ? 1 : -1));
        for (int i = 0; i < 5000; i++) values.Add((random.NextSingle() - 0.5f) * MathF.Pow(10f, random.Next(-14, 5)));
        float[] all = [.. values];

        foreach (int split in new[] { 0, 7, all.Length / 2, all.Length })
        {
            var histogram = GradientHistogram.Of(all.AsSpan(0, split), all.AsSpan(split));
            var expected = new long[GradientHistogram.BinCount];
            long zeros = 0;
            foreach (float g in all)
            {
                float m = MathF.Abs(g);
                if (m == 0f) zeros++;
                else if (!float.IsFinite(m)) expected[^1]++;
                else expected[GradientHistogram.BinOf(m)]++;
            }
            histogram.Counts.ShouldBe(expected);
            histogram.Zeros.ShouldBe(zeros);
        }
    }
}
