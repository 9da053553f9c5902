using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Cancellation takes effect before the next mini-batch, and leaves nothing half-done.</summary>
public class CancellationTests
{
    [Fact]
    public void Train_CancelledDuringABatch_StopsBeforeTheNextBatch()
    {
        using var cts = new CancellationTokenSource();
        var source = new CancellingSource(new InMemoryBatchSource(Problems.Spiral(400, seed: 1), balance: null), cancelOnBatch: 5, cts);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [16], OutputSize = 3, Seed = 1 });
        var options = new TrainingOptions { LearningRate = 1e-3f, Loss = LossFunction.SoftmaxCrossEntropy, BatchSize = 8, NumberOfEpochs = 100 };

        Should.Throw<OperationCanceledException>(() => MlpTrainer.Train(network, source, options, null, null, cts.Token, monitor: null));
        source.Batches.ShouldBe(5); // the batch being read when the token fired was the last one
        network.Parameters.ShouldAllBe(p => p.Values.All(float.IsFinite));
    }

    [Fact]
    public void Train_AlreadyCancelled_ThrowsBeforeAnyBatch()
    {
        var source = new CancellingSource(new InMemoryBatchSource(Problems.Xor(), balance: null), cancelOnBatch: int.MaxValue, new CancellationTokenSource());
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [4], Seed = 1 });
        Should.Throw<OperationCanceledException>(() => MlpTrainer.Train(network, source, new TrainingOptions { NumberOfEpochs = 5 }, null, null, new CancellationToken(canceled: true), monitor: null));
        source.Batches.ShouldBe(0);
    }

    /// <summary>Serves batches from an inner source and cancels the token while serving batch number N.</summary>
    private sealed class CancellingSource(IBatchSource inner, int cancelOnBatch, CancellationTokenSource cts) : IBatchSource
    {
        public int Batches { get; private set; }
        public MLNet.Backprop.Network.Inputs.InputShape Inputs => inner.Inputs;
        public int TargetWidth => inner.TargetWidth;
        public bool HasWeights => inner.HasWeights;
        public long? Rows => inner.Rows;
        public void BeginEpoch(Rng? rng) => inner.BeginEpoch(rng);

        public int Next(MLNet.Backprop.Network.Inputs.InputBatch inputs, Span<float> targets, Span<float> weights, int capacity, out bool last)
        {
            if (++Batches == cancelOnBatch) cts.Cancel();
            return inner.Next(inputs, targets, weights, capacity, out last);
        }
    }
}
