using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>Bad input is refused up front with a message naming the problem.</summary>
public class MlpTrainerValidationTests
{
    public static TheoryData<string, Action<TrainingOptions>> InvalidOptions => new()
    {
        { "NumberOfEpochs", o => o.NumberOfEpochs = 0 },
        { "BatchSize", o => o.BatchSize = 0 },
        { "LearningRate", o => o.LearningRate = -0.1f },
        { "LearningRate", o => o.LearningRate = 0f },
        { "LearningRate", o => o.LearningRate = float.NaN },
        { "LearningRate", o => o.LearningRate = float.PositiveInfinity },
        { "HuberDelta", o => o.HuberDelta = 0f },
        { "ScheduleStepSize", o => o.ScheduleStepSize = 0 },
        { "ScheduleGamma", o => o.ScheduleGamma = 1.5f },
        { "MinimumLearningRate", o => o.MinimumLearningRate = 1f },
        { "L2Regularization", o => o.L2Regularization = -1f },
        { "GradientClipNorm", o => o.GradientClipNorm = 0f },
        { "GradientClipValue", o => o.GradientClipValue = -1f },
        { "NumberOfThreads", o => o.NumberOfThreads = -1 },
        { "EarlyStoppingPatience", o => o.EarlyStoppingPatience = 0 },
        { "EarlyStoppingMinDelta", o => o.EarlyStoppingMinDelta = float.NaN },
        { "Loss", o => o.Loss = (LossFunction)99 },
        { "Optimizer", o => o.Optimizer = (OptimizerKind)99 },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidOption_ThrowsNamingOption(string name, Action<TrainingOptions> corrupt)
    {
        var options = new TrainingOptions();
        corrupt(options);
        var ex = Should.Throw<ArgumentOutOfRangeException>(options.Validate);
        ex.ParamName.ShouldBe(name);
        ex.Message.ShouldContain(name);
    }

    public static TheoryData<string, Action<NetworkOptions>> InvalidNetworkOptions => new()
    {
        { "InputSize", o => o.InputSize = 0 },
        { "HiddenLayers", o => o.HiddenLayers = [16, 0] },
        { "OutputSize", o => o.OutputSize = 0 },
        { "Dropout", o => o.Dropout = 1f },
        { "Dropout", o => o.Dropout = -0.1f },
        { "LeakyReluSlope", o => o.LeakyReluSlope = 2f },
        { "EluAlpha", o => o.EluAlpha = 0f },
        { "InitialBias", o => o.InitialBias = float.NaN },
        { "Activation", o => o.Activation = (Activation)99 },
    };

    [Theory]
    [MemberData(nameof(InvalidNetworkOptions))]
    public void NetworkCreate_InvalidOption_ThrowsNamingOption(string name, Action<NetworkOptions> corrupt)
    {
        var options = new NetworkOptions { InputSize = 3 };
        corrupt(options);
        Should.Throw<ArgumentOutOfRangeException>(() => NeuralNetwork.Create(options)).ParamName.ShouldBe(name);
    }

    [Fact]
    public void TrainingData_NaNFeature_ThrowsNamingRowAndColumn()
    {
        var ex = Should.Throw<ArgumentException>(() => new TrainingData([1, 2, 3, float.NaN], 2, 2, [0, 1]));
        ex.Message.ShouldContain("row 1, column 1");
        ex.Message.ShouldContain("ReplaceMissingValues");
    }

    [Fact]
    public void TrainingData_InfiniteTarget_ThrowsNamingRow()
    {
        Should.Throw<ArgumentException>(() => new TrainingData([1, 2], 2, 1, [0, float.PositiveInfinity])).Message.ShouldContain("row 1");
    }

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
    public void TrainingData_NegativeWeight_ThrowsNamingRow()
    {
        Should.Throw<ArgumentException>(() => new TrainingData([1, 2], 2, 1, [0, 1], 1, [1f, -1f])).Message.ShouldContain("row 1");
    }

    [Fact]
    public void Train_FeatureCountMismatch_ThrowsBeforeTraining()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 3, HiddenLayers = [4] });
        Should.Throw<ArgumentException>(() => MlpTrainer.Train(network, Problems.Xor(), new TrainingOptions()))
            .Message.ShouldContain("expects 3");
    }

    [Fact]
    public void Train_ClassIndexOutOfRange_ThrowsNamingRow()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [4], OutputSize = 3 });
        var data = new TrainingData([0, 0, 1, 1], 2, 2, [0, 3]);
        Should.Throw<ArgumentException>(() => MlpTrainer.Train(network, data, new TrainingOptions { Loss = LossFunction.SoftmaxCrossEntropy }))
            .Message.ShouldContain("row 1");
    }

    [Fact]
    public void Train_AucMetricForRegression_ThrowsNamingOption()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 1, HiddenLayers = [4] });
        var data = Problems.NoisySine(10, 0.1f, 1);
        Should.Throw<ArgumentOutOfRangeException>(() => MlpTrainer.Train(network, data,
            new TrainingOptions { Loss = LossFunction.MeanSquaredError, EarlyStoppingMetric = EarlyStoppingMetric.Auc }))
            .ParamName.ShouldBe("EarlyStoppingMetric");
    }
}
