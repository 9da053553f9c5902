using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>The absolute floor of the vanishing-gradient check is where steps stop moving the weights: for SGD a gradient
/// of 1e-7 per weight, for RMSprop, Adam and AdamW, whose step is about the learning rate whatever the gradient's size,
/// their ε. A converged Adam run on FeaturizeText's n-grams (fine-food reviews: 5.6e-8 per weight, 0.0016 of the output
/// layer's) was told its early layers barely learn.</summary>
public class VanishingGradientCheckTests
{
    // First layer: 100 parameters, output layer 4: the RMS per weight is the mean norm over √count. The recorded RMS
    // (LayerStatistics.GradientRms) is NaN, as in a history written before it was recorded, unless given.
    private static TrainingHistory History(double firstRms, double lastRms, int epochs = 4, double recordedFirst = double.NaN, double recordedLast = double.NaN)
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= epochs; e++)
            history.Add(new EpochReport
            {
                Epoch = e, TrainingLoss = 0.3, LearningRate = 1e-3f,
                Layers =
                [
                    new LayerStatistics { Layer = 0, GradientNormMean = firstRms * 10, GradientRms = recordedFirst },
                    new LayerStatistics { Layer = 1, GradientNormMean = lastRms * 2, GradientRms = recordedLast },
                ],
            });
        return history;
    }

    private static DiagnosisContext Context(OptimizerKind optimizer, float epsilon = 1e-8f) => new()
    {
        Activations = [Activation.ReLU, Activation.Identity], ParameterCounts = [100, 4], LearningRate = 1e-3f,
        Optimizer = optimizer, Epsilon = epsilon,
    };

    private static List<Finding> Observed(TrainingHistory history, DiagnosisContext context) =>
        ObservedRun.Findings(new VanishingGradientCheck(), history, context);

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.RmsProp)]
    public void Check_AdaptiveStepsGradientBelowFloorAboveEpsilon_NoFinding(OptimizerKind optimizer)
    {
        var history = History(firstRms: 5.6e-8, lastRms: 3.5e-5);

        new VanishingGradientCheck().Check(history, Context(optimizer), complete: true).ShouldBeEmpty();
        Observed(history, Context(optimizer)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.Nesterov)]
    public void Check_ProportionalStepsGradientBelowFloor_FindsVanishingGradients(OptimizerKind optimizer)
    {
        var history = History(firstRms: 5.6e-8, lastRms: 3.5e-5);

        new VanishingGradientCheck().Check(history, Context(optimizer), complete: true).ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.VanishingGradients);
        Observed(history, Context(optimizer)).ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.VanishingGradients);
    }

    [Fact]
    public void Check_AdamGradientBelowItsEpsilon_FindsVanishingGradients()
    {
        var history = History(firstRms: 5e-9, lastRms: 3.5e-6);

        new VanishingGradientCheck().Check(history, Context(OptimizerKind.Adam), complete: true).ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.VanishingGradients);
        Observed(history, Context(OptimizerKind.Adam)).ShouldHaveSingleItem();
    }

    [Fact]
    public void Check_AdamWithALargerEpsilon_FloorStaysTheThreshold()
    {
        // ε = 1e-4 is above the 1e-7 floor: a gradient of 5.6e-8 is below both, and the threshold's floor is the one used.
        var history = History(firstRms: 5.6e-8, lastRms: 3.5e-5);
        Context(OptimizerKind.Adam, epsilon: 1e-4f).VanishingFloor.ShouldBe(DiagnosisThresholds.Default.VanishingFloor);

        new VanishingGradientCheck().Check(history, Context(OptimizerKind.Adam, epsilon: 1e-4f), complete: true).ShouldHaveSingleItem();
    }

    [Fact]
    public void Check_AdamRatioFarBelowTheThreshold_StillFindsVanishingGradients()
    {
        // The ratio test does not depend on the optimizer: a first layer at 1e-6 of the output layer's gradient.
        var history = History(firstRms: 1e-8, lastRms: 1e-2);

        new VanishingGradientCheck().Check(history, Context(OptimizerKind.Adam), complete: true).ShouldHaveSingleItem().Evidence["Ratio"].ShouldBeLessThan(1e-3);
    }

    [Fact]
    public void Check_RecordedRmsOverTouchedRowsHealthy_NoFindingWhereTheRmsOverAllWeightsIsDiluted()
    {
        // A sparse first layer: over all its weights 1e-4 of the output layer's, over the rows its batches touched 1e-2.
        var history = History(firstRms: 1e-5, lastRms: 0.1, recordedFirst: 1e-3, recordedLast: 0.1);

        new VanishingGradientCheck().Check(history, Context(OptimizerKind.Sgd), complete: true).ShouldBeEmpty();
        Observed(history, Context(OptimizerKind.Sgd)).ShouldBeEmpty();
    }

    [Fact]
    public void Check_RecordedRmsVanishing_FindsItWithTheRecordedValues()
    {
        var history = History(firstRms: 0.1, lastRms: 0.1, recordedFirst: 1e-6, recordedLast: 1e-2);

        var finding = new VanishingGradientCheck().Check(history, Context(OptimizerKind.Sgd), complete: true).ShouldHaveSingleItem();
        finding.Evidence["FirstLayerGradientRms"].ShouldBe(1e-6);
        finding.Evidence["Ratio"].ShouldBe(1e-4, 1e-12);
    }

    [Fact]
    public void Check_HistoryReadFromJsonWithoutGradientRms_FallsBackToTheRmsOverEveryValue()
    {
        // A history written before GradientRms was recorded: the field is absent from its JSON.
        string json = History(firstRms: 5.6e-8, lastRms: 3.5e-5).ToJson();
        json.ShouldContain("\"gradientRms\": \"NaN\"");
        var old = TrainingHistory.FromJson(json.Replace("\"gradientRms\": \"NaN\",", "", StringComparison.Ordinal));
        old.ToJson().ShouldBe(json);

        double.IsNaN(old.Epochs[0].Layers[0].GradientRms).ShouldBeTrue();
        new VanishingGradientCheck().Check(old, Context(OptimizerKind.Sgd), complete: true).ShouldHaveSingleItem().Evidence["FirstLayerGradientRms"].ShouldBe(5.6e-8, 1e-20);
    }
}
