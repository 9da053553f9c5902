using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training;

/// <summary>A training step and the scoring of a row allocate nothing once warmed up: the input stage's batches and
/// views, the layers, the loss, the statistics and the optimizer all work in buffers sized once.</summary>
public class StepAllocationTests
{
    [Theory]
    [InlineData(Activation.ReLU, 0f)]
    [InlineData(Activation.Tanh, 0.2f)]
    public void Step_AfterWarmUp_AllocatesNothing(Activation activation, float dropout)
    {
        var data = Problems.Spiral(200, seed: 1);
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = data.Columns, HiddenLayers = [16, 8], OutputSize = 3, Activation = activation, Dropout = dropout, Seed = 1 });
        var source = new InMemoryBatchSource(data, balance: null);
        var inputs = new InputBatch(data.Inputs, 32);
        var targets = new float[32];
        var workspace = new Workspace(network, 32);
        var loss = LossFunctions.Create(LossFunction.SoftmaxCrossEntropy);
        var recorder = new LayerStatisticsRecorder(network, unitStatistics: true);
        var optimizer = new Adam(network.Parameters, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f);
        var dropoutRng = new Rng(3);
        var shuffle = new Rng(5);
        bool last = true;
        void Step()
        {
            if (last)
            {
                source.BeginEpoch(shuffle);
                recorder.BeginEpoch();
            }
            int count = source.Next(inputs, targets, default, 32, out last);
            var view = inputs.View(count);
            var logits = network.Forward(workspace, view, training: true, dropoutRng, threads: 1);
            loss.Evaluate(logits, targets.AsSpan(0, count), default, workspace.Delta[^1], count, network.OutputSize);
            network.Backward(workspace, view, threads: 1, l2: 1e-4f);
            recorder.RecordBatch(workspace, count);
            optimizer.Step(1e-3f);
        }
        for (int i = 0; i < 50; i++) Step();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 40; i++) Step(); // two epochs and more of 19 steps
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0L);
    }

    [Fact]
    public void Score_AfterWarmUp_AllocatesNothing()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 4, HiddenLayers = [8], OutputSize = 2, Activation = Activation.Tanh, Seed = 1 });
        var model = new BackpropModel(BackpropTask.MulticlassClassification, [network, network.Clone()], LossFunction.SoftmaxCrossEntropy, null,
            new TrainingHistory(), 0f, 1f);
        var scorer = new BackpropScorerFactory(model).CreateScorer();
        float[] row = [0.5f, -1f, 2f, 0f], scores = new float[2], predictions = new float[2];
        for (int i = 0; i < 10; i++) scorer.Score(InputView.OfDense(row, 1), scores, predictions);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) scorer.Score(InputView.OfDense(row, 1), scores, predictions);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0L);
        predictions.Sum().ShouldBe(1f, 1e-6f);
    }
}
