using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Overfitting is a model that fits its training rows better than it generalises: a run whose training loss
/// never got below the constant prediction's has fitted nothing, and its rising validation loss is instability (a
/// learning rate too high), not overfitting that L2 or dropout would cure.</summary>
public class OverfittingCheckTests
{
    private static TrainingHistory History(double[] training, double[] validation, int bestEpoch)
    {
        var history = new TrainingHistory();
        for (int e = 0; e < training.Length; e++)
            history.Add(new EpochReport
            {
                Epoch = e + 1, TrainingLoss = training[e], ValidationLoss = validation[e], LearningRate = 10f,
                Layers = [new LayerStatistics { Layer = 0 }, new LayerStatistics { Layer = 1 }],
            });
        history.BestEpoch = bestEpoch;
        return history;
    }

    private static DiagnosisContext Context(double? constantLoss) => new()
    {
        Activations = [Activation.Tanh, Activation.Identity], ParameterCounts = [10, 2], LearningRate = 10f, HasValidation = true,
        ConstantPredictionLoss = constantLoss,
    };

    [Fact]
    public void Check_TrainingLossFarAboveTheConstantPrediction_NoOverfittingFinding()
    {
        // The shape of credit.csv at LearningRate = 10: log-losses in the tens against 0.59 for the constant prediction.
        var history = History([25, 20, 19.6, 18.5, 18, 17], [9, 4.3, 8, 12, 20, 29.5], bestEpoch: 2);

        new OverfittingCheck().Check(history, Context(constantLoss: 0.59), complete: true).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0.59)]
    [InlineData(null)] // a loss without a closed-form constant prediction (Huber) is judged as before
    public void Check_ValidationRisesWhileTheTrainingRowsAreFitted_FindsOverfitting(double? constantLoss)
    {
        var history = History([0.5, 0.4, 0.3, 0.25, 0.2, 0.15], [0.5, 0.45, 0.55, 0.6, 0.65, 0.7], bestEpoch: 2);

        var finding = new OverfittingCheck().Check(history, Context(constantLoss), complete: true).ShouldHaveSingleItem();

        finding.Kind.ShouldBe(FindingKind.Overfitting);
        finding.Severity.ShouldBe(FindingSeverity.Info);
    }
}
