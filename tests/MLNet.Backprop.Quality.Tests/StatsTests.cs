using MLNet.Backprop.Quality.Reporting;

namespace MLNet.Backprop.Quality.Tests;

public class StatsTests
{
    [Fact]
    public void Ranks_TiesAndMissing_SharedAndLast() =>
        Stats.Ranks([0.9, null, 0.8, 0.9, double.NaN], higherIsBetter: true).ShouldBe([1.5, 4.5, 3, 1.5, 4.5]);

    [Fact]
    public void Ranks_LowerIsBetter_SmallestFirst() => Stats.Ranks([0.3, 0.1, 0.2], higherIsBetter: false).ShouldBe([3, 1, 2]);

    [Fact]
    public void Median_EvenCount_MeanOfMiddleTwo() => Stats.Median([4, 1, 3, 2]).ShouldBe(2.5);

    [Fact]
    public void StandardDeviation_OneValue_NaN() => double.IsNaN(Stats.StandardDeviation([1.0])).ShouldBeTrue();

    [Fact]
    public void StandardDeviation_Sample_UsesNMinusOne() => Stats.StandardDeviation([1.0, 3.0]).ShouldBe(Math.Sqrt(2), 1e-12);
}
