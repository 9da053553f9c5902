using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>The rate the LearningRateTooHigh finding suggests is one that can work: under an adaptive optimizer a
/// tenth of an absurd rate is still absurd (credit.csv at LearningRate = 1000 under Adam was told 100).</summary>
public class LearningRateTooHighCheckTests
{
    /// <summary>An oscillating loss: it rises in most epochs.</summary>
    private static TrainingHistory Oscillating(float rate)
    {
        var history = new TrainingHistory();
        double[] losses = [5, 9, 4, 12, 6, 15, 7];
        for (int e = 0; e < losses.Length; e++)
            history.Add(new EpochReport
            {
                Epoch = e + 1, TrainingLoss = losses[e], LearningRate = rate,
                Layers = [new LayerStatistics { Layer = 0 }, new LayerStatistics { Layer = 1 }],
            });
        return history;
    }

    private static Finding Check(OptimizerKind optimizer, float rate) => new LearningRateTooHighCheck().Check(Oscillating(rate),
        new DiagnosisContext { Activations = [Activation.Tanh, Activation.Identity], ParameterCounts = [10, 2], LearningRate = rate, Optimizer = optimizer },
        complete: true).ShouldHaveSingleItem();

    [Theory]
    [InlineData(OptimizerKind.Adam, 1000f)]
    [InlineData(OptimizerKind.AdamW, 10f)]
    public void Check_AdaptiveOptimizerAtAnAbsurdRate_SuggestsTheDefaultRate(OptimizerKind optimizer, float rate)
    {
        var finding = Check(optimizer, rate);

        finding.Evidence["SuggestedLearningRate"].ShouldBe(Defaults.LearningRate);
        finding.Advice.ShouldStartWith($"lower the learning rate (LearningRate = {Defaults.LearningRate})");
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 0.01f, 0.001)]  // a tenth is below the default: kept
    [InlineData(OptimizerKind.Sgd, 1000f, 100)]     // SGD's step scales with the gradient: a tenth, as before
    public void Check_RateWhoseTenthCanWork_SuggestsATenth(OptimizerKind optimizer, float rate, double expected)
    {
        Check(optimizer, rate).Evidence["SuggestedLearningRate"].ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void SaturationCheck_AdamAtAnAbsurdRate_SuggestsTheDefaultRateToo()
    {
        var history = new TrainingHistory();
        history.Add(new EpochReport
        {
            Epoch = 1, TrainingLoss = 1, LearningRate = 1000f,
            Layers = [new LayerStatistics { Layer = 0, SaturatedShare = 1 }, new LayerStatistics { Layer = 1 }],
        });
        var context = new DiagnosisContext { Activations = [Activation.Tanh, Activation.Identity], ParameterCounts = [10, 2], LearningRate = 1000f, Optimizer = OptimizerKind.Adam };

        var finding = new SaturationCheck().Check(history, context, complete: true).ShouldHaveSingleItem();

        finding.Evidence["SuggestedLearningRate"].ShouldBe(Defaults.LearningRate);
        finding.Advice.ShouldContain($"lower the learning rate (LearningRate = {Defaults.LearningRate})");
    }
}
