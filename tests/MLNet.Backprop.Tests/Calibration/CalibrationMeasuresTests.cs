using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

public class CalibrationMeasuresTests
{
    [Fact]
    public void ExpectedCalibrationError_FourRows_MatchesHandComputedBins()
    {
        float[] p = [0.05f, 0.15f, 0.95f, 0.95f], labels = [0, 1, 1, 0];
        var bins = CalibrationMeasures.Bins(p, labels, default, classes: 1);
        bins.Length.ShouldBe(10);
        bins[9].Weight.ShouldBe(2);
        bins[9].ObservedFrequency.ShouldBe(0.5);
        double.IsNaN(bins[5].MeanPredicted).ShouldBeTrue();
        // (|0.05 − 0| + |0.15 − 1| + 2·|0.95 − 0.5|) / 4
        CalibrationMeasures.ExpectedCalibrationError(bins).ShouldBe(0.45, 1e-6);
    }

    [Fact]
    public void Bins_Multiclass_UseThePredictedClassAndWhetherItIsRight()
    {
        float[] p = [0.75f, 0.15f, 0.1f, 0.1f, 0.25f, 0.65f];
        var bins = CalibrationMeasures.Bins(p, [0f, 2f], default, classes: 3);
        bins[7].ObservedFrequency.ShouldBe(1); // 0.75, right
        bins[6].ObservedFrequency.ShouldBe(1); // 0.65, right
    }

    [Fact]
    public void LogLoss_BinaryWeighted_IsTheWeightedMeanOfMinusLogP()
    {
        double expected = -(1 * Math.Log(0.8) + 3 * Math.Log(1 - 0.4)) / 4;
        CalibrationMeasures.LogLoss([0.8f, 0.4f], [1f, 0f], [1f, 3f], 1).ShouldBe(expected, 1e-6);
    }
}
