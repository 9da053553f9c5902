using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The engine learns the classic small problems to stated quality.</summary>
public class MlpTrainerLearningTests
{
    [Fact]
    public void Train_Xor_ClassifiesAllFourPoints()
    {
        var data = Problems.Xor();
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [8], Activation = Activation.Tanh, Seed = 1 });
        var history = MlpTrainer.Train(network, data, new TrainingOptions { NumberOfEpochs = 500, BatchSize = 4, LearningRate = 0.05f, Seed = 1 });

        var logits = new float[4];
        network.Predict(data.Features, logits, 4);
        for (int i = 0; i < 4; i++) (logits[i] > 0f).ShouldBe(data.Targets[i] > 0.5f, $"point {i}");
        history.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.05);
    }

    [Fact]
    public void Train_NoisySine_ReachesTestMseNearNoiseFloor()
    {
        // Noise σ = 0.1 puts the best achievable MSE at 0.01; we require < 0.02 on fresh test points.
        var training = Problems.NoisySine(1000, 0.1f, seed: 2);
        var test = Problems.NoisySine(500, 0.1f, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 1, HiddenLayers = [32, 32], Activation = Activation.Tanh, Seed = 2 });
        MlpTrainer.Train(network, training, new TrainingOptions { Loss = LossFunction.MeanSquaredError, NumberOfEpochs = 150, BatchSize = 32, LearningRate = 0.01f, Seed = 2 });

        var predictions = new float[test.Rows];
        network.Predict(test.Features, predictions, test.Rows);
        double mse = predictions.Select((p, i) => (double)(p - test.Targets[i]) * (p - test.Targets[i])).Average();
        mse.ShouldBeLessThan(0.02);
    }

    [Fact]
    public void Train_ThreeClassSpiral_ReachesNinetyFivePercentAccuracy()
    {
        var training = Problems.Spiral(200, seed: 4);
        var test = Problems.Spiral(100, seed: 5);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [64, 64], OutputSize = 3, Seed = 4 });
        MlpTrainer.Train(network, training, new TrainingOptions { Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 300, BatchSize = 32, LearningRate = 0.01f, Seed = 4 });

        var logits = new float[test.Rows * 3];
        network.Predict(test.Features, logits, test.Rows);
        int correct = Enumerable.Range(0, test.Rows).Count(i =>
        {
            var row = logits.AsSpan(i * 3, 3);
            int best = row.IndexOf(MathF.Max(row[0], MathF.Max(row[1], row[2])));
            return best == (int)test.Targets[i];
        });
        ((double)correct / test.Rows).ShouldBeGreaterThan(0.95);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.5f)]
    [InlineData(OptimizerKind.Momentum, 0.1f)]
    [InlineData(OptimizerKind.Nesterov, 0.1f)]
    [InlineData(OptimizerKind.Adagrad, 0.1f)]
    [InlineData(OptimizerKind.RmsProp, 0.01f)]
    [InlineData(OptimizerKind.Adam, 0.01f)]
    [InlineData(OptimizerKind.AdamW, 0.01f)]
    public void Train_EachOptimizer_ReducesLoss(OptimizerKind optimizer, float learningRate)
    {
        var data = Problems.Spiral(50, seed: 6);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [16], OutputSize = 3, Seed = 6 });
        var history = MlpTrainer.Train(network, data, new TrainingOptions { Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = optimizer, LearningRate = learningRate, NumberOfEpochs = 30, BatchSize = 16 });
        history.Epochs[^1].TrainingLoss.ShouldBeLessThan(history.Epochs[0].TrainingLoss * 0.9);
    }
}
