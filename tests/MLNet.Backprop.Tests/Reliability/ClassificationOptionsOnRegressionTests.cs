using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Options that only a classifier has are refused for regression, naming the option, before any row is read:
/// silently ignoring them hid a wrong catalog or a 0/1 label loaded as Single.</summary>
public class ClassificationOptionsOnRegressionTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Theory]
    [InlineData(ProbabilityCalibration.Platt)]
    [InlineData(ProbabilityCalibration.PriorCorrection)]
    [InlineData(ProbabilityCalibration.Temperature)]
    [InlineData(ProbabilityCalibration.Isotonic)]
    [InlineData(ProbabilityCalibration.EqualPriors)]
    public void Fit_RegressionWithCalibration_ThrowsNamingCalibrationBeforeReading(ProbabilityCalibration calibration)
    {
        var data = new CountingView(Tabular.Load(_ml, 50, 1));
        var trainer = _ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "Value", Calibration = calibration, NumberOfEpochs = 2 });
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        ex.ParamName.ShouldBe("Calibration");
        ex.Message.ShouldContain($"Calibration {calibration}");
        ex.Message.ShouldContain("Regression task");
        data.Rows.ShouldBe(0);
    }

    [Theory]
    [InlineData(ClassWeighting.Balanced)]
    [InlineData(ClassWeighting.SquareRoot)]
    public void Fit_RegressionWithClassWeighting_ThrowsNamingClassWeighting(ClassWeighting weighting)
    {
        var trainer = new BackpropTrainer(_ml, new BackpropTrainer.Options { LabelColumnName = "Value", ClassWeighting = weighting, NumberOfEpochs = 2 });
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(Tabular.Load(_ml, 50, 1)));
        ex.ParamName.ShouldBe("ClassWeighting");
        ex.Message.ShouldContain($"ClassWeighting {weighting}");
        ex.Message.ShouldContain("ExampleWeightColumnName");
    }

    [Theory]
    [InlineData(ProbabilityCalibration.Auto)]
    [InlineData(ProbabilityCalibration.None)]
    public void Fit_RegressionWithCalibrationAutoOrNone_Trains(ProbabilityCalibration calibration)
    {
        var model = _ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "Value", Calibration = calibration, NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 50, 1));
        model.Model.History.Epochs.Count.ShouldBe(2);
    }
}
