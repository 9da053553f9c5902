using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

public class CalibrationFitterTests
{
    private static HeldOutScores HeldOut(int rows)
    {
        var random = new Random(1);
        var logits = Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var labels = logits.Select(z => random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1f : 0f).ToArray();
        return new HeldOutScores(logits, labels, null, 1);
    }

    [Fact]
    public void Fit_AutoUnweighted_IsNone()
    {
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Auto, [null], HeldOut(500), 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.None);
        calibration.IsIdentity.ShouldBeTrue();
        report.LogLossAfter.ShouldBe(report.LogLossBefore);
    }

    [Theory]
    [InlineData(CalibrationFitter.AutoPlattRows - 1, ProbabilityCalibration.PriorCorrection)]
    [InlineData(CalibrationFitter.AutoPlattRows, ProbabilityCalibration.Platt)]
    public void Fit_AutoWeighted_PlattFromOneHundredHoldOutRows(int rows, ProbabilityCalibration expected)
    {
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Auto, [[0.6, 3.0]], HeldOut(rows), 1);
        calibration.Method.ShouldBe(expected);
        report.Note.ShouldBeNull();
        if (expected == ProbabilityCalibration.PriorCorrection) calibration.Offsets.ShouldBe([(float)-Math.Log(5)], 1e-6f);
    }

    [Fact]
    public void Fit_PlattOnOneClassHoldOut_FallsBackAndSaysWhy()
    {
        var heldOut = new HeldOutScores([0.5f, 1f, 2f], [1f, 1f, 1f], null, 1);
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Platt, [[0.6, 3.0]], heldOut, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.PriorCorrection);
        report.Note!.ShouldContain("one class only");
        double.IsFinite(report.LogLossAfter).ShouldBeTrue();
        double.IsFinite(report.ExpectedCalibrationErrorAfter).ShouldBeTrue();
    }
}
