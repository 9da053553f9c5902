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
}
