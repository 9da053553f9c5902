using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>Data that does not fit the network is refused up front with a message naming the problem. (Option values
/// are checked once, by the trainer's options: Reliability/OptionValidationTests.)</summary>
public class MlpTrainerValidationTests
{
    [Fact]
    public void TrainingData_Empty_ThrowsSayingEmpty()
    {
        Should.Throw<ArgumentException>(() => new TrainingData([], 0, 2, [])).Message.ShouldContain("empty");
    }

    [Fact]
    public void TrainingData_WrongShape_ThrowsWithExpectedSize()
    {
        Should.Throw<ArgumentException>(() => new TrainingData([1, 2, 3], 2, 2, [0, 1])).Message.ShouldContain("4 expected");
    }

    [Fact]
    public void Train_FeatureCountMismatch_ThrowsBeforeTraining()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 3, HiddenLayers = [4] });
        Should.Throw<ArgumentException>(() => MlpTrainer.Train(network, Problems.Xor(), new TrainingOptions { NumberOfEpochs = 5 }))
            .Message.ShouldContain("expects 3");
    }

    [Fact]
    public void Train_ClassIndexOutOfRange_ThrowsNamingRow()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [4], OutputSize = 3 });
        var data = new TrainingData([0, 0, 1, 1], 2, 2, [0, 3]);
        Should.Throw<ArgumentException>(() => MlpTrainer.Train(network, data, new TrainingOptions { NumberOfEpochs = 50, LearningRate = 1e-3f, Loss = LossFunction.SoftmaxCrossEntropy }))
            .Message.ShouldContain("row 1");
    }

    [Fact]
    public void Train_AucMetricForRegression_ThrowsNamingOption()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [4] });
        var data = Problems.NoisySine(10, 0.1f, 1);
        Should.Throw<ArgumentOutOfRangeException>(() => MlpTrainer.Train(network, data,
            new TrainingOptions { NumberOfEpochs = 50, LearningRate = 1e-3f, Loss = LossFunction.MeanSquaredError, EarlyStoppingMetric = EarlyStoppingMetric.Auc }))
            .ParamName.ShouldBe("EarlyStoppingMetric");
    }
}
