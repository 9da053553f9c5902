using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>
/// Layers large enough for every parallel path of a step (split products, Adam's element ranges, the gradient norms
/// summed one parameter per thread, the initial weights' transforms): 1, 2 and 3 threads give the same bits, in the
/// weights and in every recorded statistic.
/// </summary>
public class ThreadCountTests
{
    [Fact]
    public void Train_LargeLayers_SameWeightsAndHistoryForAnyThreadCount()
    {
        var data = Problems.Spiral(200, seed: 4, classes: 4);
        var (oneNetwork, one) = Train(data, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            var (network, history) = Train(data, threads);
            for (int p = 0; p < network.Parameters.Count; p++)
                Bits(network.Parameters[p].Values).ShouldBe(Bits(oneNetwork.Parameters[p].Values), $"{threads} threads, {network.Parameters[p].Name}");
            history.Epochs.Count.ShouldBe(one.Epochs.Count);
            for (int e = 0; e < one.Epochs.Count; e++)
            {
                var (a, b) = (one.Epochs[e], history.Epochs[e]);
                (b.TrainingLoss, b.GradientNormMean, b.GradientNormMax).ShouldBe((a.TrainingLoss, a.GradientNormMean, a.GradientNormMax));
                b.Layers.Select(l => (l.GradientNormMean, l.GradientNormMax, l.WeightNorm, l.UpdateRatio, l.DeadUnitShare))
                    .ShouldBe(a.Layers.Select(l => (l.GradientNormMean, l.GradientNormMax, l.WeightNorm, l.UpdateRatio, l.DeadUnitShare)));
                b.Layers.Select(l => string.Join(",", l.GradientHistogram!.Counts)).ShouldBe(a.Layers.Select(l => string.Join(",", l.GradientHistogram!.Counts)));
            }
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adagrad)]
    public void Train_SmallNetworkAnyOptimizer_SameWeightsForOneAndTwoThreads(OptimizerKind optimizer)
    {
        // 2 → 64 → 64 → 3: 4.5 k parameters, updated one parameter per thread with two threads.
        var data = Problems.Spiral(100, seed: 6);
        float[][] Weights(int threads)
        {
            var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [64, 64], OutputSize = 3, Seed = 6 });
            MlpTrainer.Train(network, data, new TrainingOptions
            {
                Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = optimizer, NumberOfEpochs = 3, BatchSize = 32, LearningRate = 1e-2f,
                Seed = 6, NumberOfThreads = threads, OptimizerSettings = new() { WeightDecay = optimizer == OptimizerKind.AdamW ? 0.01f : 0f },
            });
            return network.Parameters.Select(p => p.Values.ToArray()).ToArray();
        }
        var one = Weights(1);
        var two = Weights(2);
        for (int p = 0; p < one.Length; p++) Bits(two[p]).ShouldBe(Bits(one[p]), $"parameter {p}");
    }

    private static (NeuralNetwork, TrainingHistory) Train(TrainingData data, int threads)
    {
        // 2 → 512 → 384 → 4: 200 k weights, products of 2^17-2^18 multiply-adds per batch of 128.
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [512, 384], OutputSize = 4, Seed = 8, NumberOfThreads = threads });
        var history = MlpTrainer.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 2, BatchSize = 128, LearningRate = 1e-3f, Seed = 8, NumberOfThreads = threads,
        });
        return (network, history);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
