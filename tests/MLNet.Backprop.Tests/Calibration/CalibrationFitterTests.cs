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

    [Theory]
    [InlineData(CalibrationFitter.AutoPlattRows - 1, ProbabilityCalibration.None)]
    [InlineData(CalibrationFitter.AutoPlattRows, ProbabilityCalibration.Platt)]
    public void Fit_AutoUnweightedBinary_PlattFromOneHundredHoldOutRows(int rows, ProbabilityCalibration expected)
    {
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Auto, [null], HeldOut(rows), 1);
        calibration.Method.ShouldBe(expected);
        report.Note.ShouldBeNull();
        if (expected == ProbabilityCalibration.None)
        {
            calibration.IsIdentity.ShouldBeTrue();
            report.LogLossAfter.ShouldBe(report.LogLossBefore);
        }
        else report.LogLossAfter.ShouldBeLessThanOrEqualTo(report.LogLossBefore + 1e-12);
    }

    [Fact]
    public void Fit_AutoUnweightedBinaryWithoutHoldOut_IsNone()
    {
        var (calibration, _) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Auto, [null], null, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.None);
        calibration.IsIdentity.ShouldBeTrue();
    }

    [Fact]
    public void Fit_AutoUnweightedMulticlass_IsNone()
    {
        var random = new Random(3);
        var logits = Enumerable.Range(0, 3 * 400).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var labels = Enumerable.Range(0, 400).Select(i => (float)(i % 3)).ToArray();
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.MulticlassClassification, ProbabilityCalibration.Auto, [null],
            new HeldOutScores(logits, labels, null, 3), 3);
        calibration.Method.ShouldBe(ProbabilityCalibration.None);
        calibration.IsIdentity.ShouldBeTrue();
        report.LogLossAfter.ShouldBe(report.LogLossBefore);
    }

    [Fact]
    public void Fit_AutoUnweightedOnOneClassHoldOut_LeavesTheProbabilitiesAndSaysWhy()
    {
        var heldOut = new HeldOutScores(Enumerable.Range(0, 120).Select(i => i / 60f).ToArray(), Enumerable.Repeat(1f, 120).ToArray(), null, 1);
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Auto, [null], heldOut, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.None);
        calibration.IsIdentity.ShouldBeTrue();
        report.Note!.ShouldContain("left as trained");
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

    [Fact]
    public void Fit_TemperatureBinary_ScalesTheLogitWithNoIntercept()
    {
        var heldOut = HeldOut(300);
        var doubled = heldOut with { Logits = heldOut.Logits.Select(z => 2 * z).ToArray() };
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Temperature, [null], doubled, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.Temperature);
        calibration.Offsets.ShouldBe([0f]);
        // The maximum-likelihood factor with targets 1 − ε and ε (ε = 1/(rows + 2)): Σ (σ(a·s) − t)·s = 0.
        double a = calibration.Scale, epsilon = 1.0 / 302, gradient = 0;
        for (int i = 0; i < doubled.Labels.Length; i++)
        {
            double s = doubled.Logits[i], t = doubled.Labels[i] > 0.5f ? 1 - epsilon : epsilon;
            gradient += (1 / (1 + Math.Exp(-a * s)) - t) * s;
        }
        gradient.ShouldBe(0, 1e-3);
        // The logits were drawn at twice their true scale: the fit halves them, about.
        calibration.Scale.ShouldBeInRange(0.35f, 0.65f);
        report.LogLossAfter.ShouldBeLessThan(report.LogLossBefore);
    }

    [Fact]
    public void Fit_TemperatureWeighted_ScalesThePriorCorrectedLogit()
    {
        var heldOut = HeldOut(300);
        var (calibration, _) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Temperature, [[0.6, 3.0]], heldOut, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.Temperature);
        // σ(a·(s − ln 5)): the offset is the scale times the prior correction.
        calibration.Offsets[0].ShouldBe(calibration.Scale * (float)-Math.Log(5), 1e-5f);
    }

    [Fact]
    public void Fit_TemperatureWithoutHoldOut_FallsBackAndSaysWhy()
    {
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.Temperature, [null], null, 1);
        calibration.Method.ShouldBe(ProbabilityCalibration.PriorCorrection);
        calibration.IsIdentity.ShouldBeTrue();
        report.Note!.ShouldContain("Calibration Temperature needs hold-out rows");
    }

    [Fact]
    public void Fit_EqualPriorsUnweighted_ShiftsEachLogitByMinusLogItsShare()
    {
        var totals = new Dictionary<float, double> { [0f] = 60, [1f] = 30, [2f] = 10 };
        var (calibration, report) = CalibrationFitter.Fit(BackpropTask.MulticlassClassification, ProbabilityCalibration.EqualPriors, [null], null, 3, totals);
        calibration.Method.ShouldBe(ProbabilityCalibration.EqualPriors);
        calibration.Scale.ShouldBe(1f);
        (calibration.Offsets[2] - calibration.Offsets[0]).ShouldBe((float)Math.Log(6), 1e-5f);
        (calibration.Offsets[1] - calibration.Offsets[0]).ShouldBe((float)Math.Log(2), 1e-5f);
        report.Method.ShouldBe(ProbabilityCalibration.EqualPriors);
    }

    [Fact]
    public void Fit_EqualPriorsAfterBalancedWeights_IsTheIdentity()
    {
        // Balanced weights already train towards equal shares: undoing them and moving to equal shares cancel.
        var totals = new Dictionary<float, double> { [0f] = 90, [1f] = 10 };
        var weights = PriorCorrection.BalancedWeights(totals, 2);
        var (calibration, _) = CalibrationFitter.Fit(BackpropTask.BinaryClassification, ProbabilityCalibration.EqualPriors, [weights], HeldOut(200), 1, totals);
        calibration.Method.ShouldBe(ProbabilityCalibration.EqualPriors);
        calibration.Offsets.ShouldBe([0f], 1e-6f);
    }
}
