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
}

