using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Tests;

public class CalibrationMetricsTests
{
    [Fact]
    public void Ece_FourRows_MatchesHandComputedBins()
    {
        // Bins 0 (0.05, no event), 1 (0.15, event), 9 (0.95 twice, one event): (0.05 + 0.85 + 2·0.45) / 4.
        CalibrationMetrics.Ece([0.05, 0.15, 0.95, 0.95], [false, true, true, false]).ShouldBe(0.45, 1e-12);
    }

    [Fact]
    public void Ece_PerfectlyCalibratedBins_IsZero()
    {
        CalibrationMetrics.Ece([0.25, 0.25, 0.25, 0.25], [true, false, false, false]).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void EceFloor_OneRowAtOneHalf_IsOneHalf()
    {
        // The event happens or not, each with probability ½, and the bin is off by ½ either way.
        CalibrationMetrics.EceFloor([0.5]).ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void EceFloor_CertainProbabilities_IsZero()
    {
        CalibrationMetrics.EceFloor([0.0, 1.0, 1.0, 0.0]).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void EceFloor_RandomProbabilities_MatchesTheMeanEceOfDrawnEvents()
    {
        var random = new Random(7);
        var p = Enumerable.Range(0, 150).Select(_ => random.NextDouble()).ToArray();
        const int draws = 20_000;
        double sum = 0, squares = 0;
        var events = new bool[p.Length];
        for (int d = 0; d < draws; d++)
        {
            for (int i = 0; i < p.Length; i++) events[i] = random.NextDouble() < p[i];
            double ece = CalibrationMetrics.Ece(p, events);
            sum += ece;
            squares += ece * ece;
        }
        double mean = sum / draws, standardError = Math.Sqrt((squares / draws - mean * mean) / draws);
        CalibrationMetrics.EceFloor(p).ShouldBe(mean, 4 * standardError);
    }

    [Fact]
    public void EceFloor_ProbabilitiesSpreadOverMoreBins_IsHigher()
    {
        // The same 100 rows in one bin or spread over five: Σ√(rows in a bin) grows, and so does the floor.
        var oneBin = Enumerable.Repeat(0.55, 100).ToArray();
        var fiveBins = Enumerable.Range(0, 100).Select(i => 0.15 + 0.2 * (i % 5)).ToArray();
        CalibrationMetrics.EceFloor(fiveBins).ShouldBeGreaterThan(CalibrationMetrics.EceFloor(oneBin));
    }

    /// <summary>Events drawn with probability σ(k·logit(p)): the probabilities are calibrated for k = 1, too timid for
    /// k &gt; 1 and too confident for k &lt; 1, and the slope measures k.</summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void Slope_EventsDrawnAtScaledLogits_RecoversTheScale(double k)
    {
        var random = new Random(11);
        var p = Enumerable.Range(0, 20_000).Select(_ => 0.02 + 0.96 * random.NextDouble()).ToArray();
        var events = p.Select(v => random.NextDouble() < 1 / (1 + Math.Pow((1 - v) / v, k))).ToArray();
        CalibrationMetrics.Slope(p, events)!.Value.ShouldBe(k, 0.05 * k);
    }

    [Fact]
    public void Slope_OneClass_IsNull()
    {
        CalibrationMetrics.Slope([0.2, 0.7, 0.9], [true, true, true]).ShouldBeNull();
    }

    [Fact]
    public void Slope_RowsSeparatedByTheProbabilities_IsNull()
    {
        // Every event above every non-event: the likelihood grows without end as the slope does.
        CalibrationMetrics.Slope([0.1, 0.2, 0.3, 0.6, 0.7, 0.8], [false, false, false, true, true, true]).ShouldBeNull();
    }

    [Fact]
    public void Slope_ProbabilitiesOfZeroAndOne_StayFinite()
    {
        CalibrationMetrics.Slope([0.0, 1.0, 0.3, 0.6, 0.4, 0.7], [false, true, true, false, false, true]).ShouldNotBeNull();
    }
}
