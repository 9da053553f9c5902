using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>A loss parameter set for a loss that is not trained is refused naming it: FocalGamma = 5 with the automatic
/// loss trained plain cross-entropy, and HuberDelta = 2 without Loss = Huber the mean squared error, and nothing said so.</summary>
public class LossParameterTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Fit_FocalGammaWithTheAutomaticLoss_ThrowsNamingFocalGammaAndTheLoss()
    {
        var data = new CountingView(Tabular.Load(_ml, 50, 1));
        var trainer = _ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { FocalGamma = 5, NumberOfEpochs = 2 });
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        ex.ParamName.ShouldBe("FocalGamma");
        ex.Message.ShouldContain("BinaryCrossEntropy (the automatic choice)");
        ex.Message.ShouldContain("BinaryFocal");
        data.Rows.ShouldBe(0);
    }

    [Fact]
    public void Fit_HuberDeltaWithMeanSquaredError_ThrowsNamingHuberDelta()
    {
        var trainer = _ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", Loss = LossFunction.MeanSquaredError, HuberDelta = 2, NumberOfEpochs = 2,
        });
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(Tabular.Load(_ml, 50, 1)));
        ex.ParamName.ShouldBe("HuberDelta");
        ex.Message.ShouldContain("Loss = Huber");
    }

    [Fact]
    public void Fit_LossParametersWithTheirLosses_Train()
    {
        _ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Loss = LossFunction.BinaryFocal, FocalGamma = 5, NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 50, 1)).Model.History.Epochs.Count.ShouldBe(2);
        _ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "Value", Loss = LossFunction.Huber, HuberDelta = 2, NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 50, 1)).Model.History.Epochs.Count.ShouldBe(2);
    }
}
