using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Saturated units are a warning when the run suffered for them, else a note: on the default input stage 57-91 %
/// of the first layer's tanh units saturate on 6 of the 16 benchmark sets (ames, cells, ionosphere, letter, mlc_churn,
/// shuttle; quality tool --findings) while the training loss keeps falling, and the advised lower learning rate moved the
/// held-out score by -0.029 to +0.006.</summary>
public class SaturationCheckTests
{
    private static TrainingHistory History(params double[] losses)
    {
        var history = new TrainingHistory();
        for (int e = 0; e < losses.Length; e++)
            history.Add(new EpochReport
            {
                Epoch = e + 1, TrainingLoss = losses[e], LearningRate = 3e-3f,
                Layers = [new LayerStatistics { Layer = 0, SaturatedShare = 0.8 }, new LayerStatistics { Layer = 1 }],
            });
        return history;
    }

    private static DiagnosisContext Context(double? constantLoss = 0.65, FeatureScaleReport? scales = null) => new()
    {
        Activations = [Activation.Tanh, Activation.Identity], ParameterCounts = [10, 2], LearningRate = 3e-3f, Optimizer = OptimizerKind.Adam,
        ConstantPredictionLoss = constantLoss, FeatureScales = scales,
    };

    private static Finding Saturation(TrainingHistory history, DiagnosisContext context) =>
        new SaturationCheck().Check(history, context, complete: true).ShouldHaveSingleItem();

    [Fact]
    public void Check_SaturatedWhileTheLossKeepsFalling_Info()
    {
        var finding = Saturation(History(0.6, 0.45, 0.38, 0.34, 0.33), Context());

        finding.Severity.ShouldBe(FindingSeverity.Info);
        finding.Message.ShouldContain("the training loss still fell to 0.33, so they work as on/off features");
        finding.Advice.ShouldContain("lower the learning rate");
    }

    [Fact]
    public void Check_SaturatedAndNoBetterThanTheConstantPrediction_Warning()
    {
        // The churn sweep's tanh network at a learning rate of 0.1: saturated, and worse than predicting the average.
        var finding = Saturation(History(0.70, 0.66, 0.69, 0.72, 0.7353), Context(constantLoss: 0.6931));

        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Message.ShouldNotContain("on/off features");
    }

    [Fact]
    public void Check_SaturatedAndTheLossWentBackUp_Warning()
    {
        Saturation(History(0.6, 0.3, 0.32, 0.36, 0.4), Context()).Severity.ShouldBe(FindingSeverity.Warning);
    }

    [Fact]
    public void Check_SaturatedWithInputsFarFromUnitScale_Warning()
    {
        var accumulator = new DataSummary.Accumulator(2, classification: true);
        for (int r = 0; r < 20; r++) accumulator.Add([1000f * r, 0.001f * r], r % 3 == 0 ? 1f : 0f, 1f);
        var scales = FeatureScaleReport.From(accumulator.ToSummary());

        var finding = Saturation(History(0.6, 0.45, 0.38, 0.34, 0.33), Context(scales: scales));

        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Advice.ShouldStartWith("normalise the inputs");
    }

    [Fact]
    public void Check_NonFiniteLoss_Warning()
    {
        Saturation(History(0.6, double.NaN), Context()).Severity.ShouldBe(FindingSeverity.Warning);
    }

    [Fact]
    public void Check_SaturatedAndLastLossNoisyFarBelowTheConstantPrediction_Info()
    {
        // letter's default run (quality tool --findings --seed 1): best 0.0348, last 0.0455 (+31 %), first 1.376, while
        // predicting the class shares of 26 letters scores 3.26: a rise of 0.3 % of that is noise, not a loss going back up.
        Saturation(History(1.376, 0.2, 0.06, 0.0348, 0.0455), Context(constantLoss: 3.258)).Severity.ShouldBe(FindingSeverity.Info);
    }
}
