using MLNet.Backprop.Calibration;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Calibration;

/// <summary>Scoring the hold-out (for the calibration, and every epoch for early stopping) refuses non-finite outputs
/// with the divergence error of the final output check.</summary>
public class HeldOutScoringTests
{
    private static NeuralNetwork Network() => NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [4], Seed = 1 });

    /// <summary>Finite values whose products overflow float.</summary>
    private static TrainingData Overflowing() => new([3e38f, -3e38f, 3e38f, 3e38f], 2, 2, [0f, 1f]);

    [Fact]
    public void Score_OutputsOverflow_ThrowsTrainingDivergedNamingTheRow()
    {
        var ex = Should.Throw<TrainingDivergedException>(() => HeldOutScoring.Score(Network(), Overflowing(), new TrainingHistory(), OptimizerKind.Sgd));
        ex.Message.ShouldContain("on hold-out row 0");
        ex.Message.ShouldEndWith("Try a learning rate 10× lower, gradient clipping (GradientClipNorm = 1), or Adam/RMSprop.");
    }

    [Fact]
    public void Score_OutputsOverflowUnderAdam_AdviceDoesNotSuggestAdam()
    {
        var ex = Should.Throw<TrainingDivergedException>(() => HeldOutScoring.Score(Network(), Overflowing(), new TrainingHistory(), OptimizerKind.Adam));
        ex.Message.ShouldEndWith("Try a learning rate 10× lower or gradient clipping (GradientClipNorm = 1).");
    }

    [Fact]
    public void Score_FiniteRows_GivesLogitsLabelsAndWeights()
    {
        var data = new TrainingData([0.5f, -1f, 2f, 0f], 2, 2, [0f, 1f], weights: [1f, 3f]);
        var scores = HeldOutScoring.Score(Network(), data, new TrainingHistory(), OptimizerKind.Adam);
        scores.Logits.Length.ShouldBe(2);
        scores.Labels.ShouldBe([0f, 1f]);
        scores.Weights.ShouldBe([1f, 3f]);
    }

    [Fact]
    public void Train_ValidationOutputsOverflow_ThrowsTrainingDiverged()
    {
        var ex = Should.Throw<TrainingDivergedException>(() => MlpTrainer.Train(Network(), Problems.Xor(),
            new TrainingOptions { NumberOfEpochs = 3, LearningRate = 1e-3f }, validation: Overflowing()));
        ex.Message.ShouldContain("the validation rows' outputs are not finite");
    }

    [Fact]
    public void Pool_OwnHoldOuts_ConcatenatesTheRowsWithOnesForMissingWeights()
    {
        var first = new HeldOutScores([0.5f, -1f], [1f, 0f], null, 1);
        var second = new HeldOutScores([2f], [1f], [3f], 1);
        var pooled = HeldOutScoring.Pool([first, second], sameRows: false)!;
        pooled.Logits.ShouldBe([0.5f, -1f, 2f]);
        pooled.Labels.ShouldBe([1f, 0f, 1f]);
        pooled.Weights.ShouldBe([1f, 1f, 3f]);
    }

    [Fact]
    public void Pool_SameRows_AveragesTheNetworksLogits()
    {
        var first = new HeldOutScores([1f, 2f, 3f, 4f], [0f, 1f], [1f, 2f], 2);
        var second = new HeldOutScores([3f, 0f, 1f, 8f], [0f, 1f], [1f, 2f], 2);
        var pooled = HeldOutScoring.Pool([first, second], sameRows: true)!;
        pooled.Logits.ShouldBe([2f, 1f, 2f, 6f]);
        pooled.Labels.ShouldBe([0f, 1f]);
        pooled.Weights.ShouldBe([1f, 2f]);
    }

    [Fact]
    public void Pool_NoHoldOut_IsNull()
    {
        HeldOutScoring.Pool([null, null], sameRows: false).ShouldBeNull();
    }
}
