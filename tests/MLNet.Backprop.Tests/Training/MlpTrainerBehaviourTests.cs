using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class MlpTrainerBehaviourTests
{
    private static NeuralNetwork SpiralNetwork(float dropout = 0f) =>
        NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [32, 16], OutputSize = 3, Dropout = dropout, Seed = 9 });

    private static TrainingOptions SpiralOptions(int threads) => new()
    {
        Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 5, BatchSize = 16, LearningRate = 0.01f, Seed = 9,
        NumberOfThreads = threads, GradientClipNorm = 5f, L2Regularization = 1e-4f,
    };

    [Fact]
    public void Train_OneThreadVersusTwo_BitIdenticalWeights()
    {
        var data = Problems.Spiral(80, seed: 9);
        var single = SpiralNetwork(dropout: 0.1f);
        var dual = SpiralNetwork(dropout: 0.1f);
        MlpTrainer.Train(single, data, SpiralOptions(threads: 1));
        MlpTrainer.Train(dual, data, SpiralOptions(threads: 2));
        for (int i = 0; i < single.Parameters.Count; i++)
            dual.Parameters[i].Values.Select(BitConverter.SingleToInt32Bits)
                .ShouldBe(single.Parameters[i].Values.Select(BitConverter.SingleToInt32Bits), single.Parameters[i].Name);
    }

    [Fact]
    public void Train_SameSeedTwice_SameHistoryAndWeights()
    {
        var data = Problems.Spiral(40, seed: 1);
        var a = SpiralNetwork();
        var b = SpiralNetwork();
        var ha = MlpTrainer.Train(a, data, SpiralOptions(0));
        var hb = MlpTrainer.Train(b, data, SpiralOptions(0));
        hb.Epochs.Select(e => e.TrainingLoss).ShouldBe(ha.Epochs.Select(e => e.TrainingLoss));
        b.Parameters[0].Values.ShouldBe(a.Parameters[0].Values);
    }

    [Fact]
    public void Train_Reports_OneEpochReportPerEpochWithLayerStatistics()
    {
        var data = Problems.Spiral(40, seed: 2);
        var reports = new List<EpochReport>();
        var history = MlpTrainer.Train(SpiralNetwork(), data, SpiralOptions(1), progress: new SyncProgress<EpochReport>(reports.Add));
        reports.Count.ShouldBe(5);
        history.Epochs.Count.ShouldBe(5);
        history.StopReason.ShouldBe(StopReason.Completed);
        var first = history.Epochs[0];
        first.Batches.ShouldBe((120 + 15) / 16);
        first.Layers.Count.ShouldBe(3);
        first.Layers.ShouldAllBe(l => l.GradientNormMean > 0 && l.GradientNormMax >= l.GradientNormMean && l.WeightNorm > 0 && l.NonFiniteCount == 0);
        first.Layers.ShouldAllBe(l => l.UpdateRatio > 0 && l.UpdateRatio < 1);
    }

    [Fact]
    public void Train_EarlyStoppingOnValidationLoss_StopsAndRestoresBestEpoch()
    {
        // A big network on few noisy points overfits: validation loss turns up and training stops early.
        var training = Problems.NoisySine(40, 0.5f, seed: 1);
        var validation = Problems.NoisySine(200, 0.5f, seed: 2);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [128, 128], Seed = 1 });
        var options = new TrainingOptions { Loss = LossFunction.MeanSquaredError, NumberOfEpochs = 2000, BatchSize = 8, LearningRate = 0.01f, EarlyStoppingPatience = 10 };
        var history = MlpTrainer.Train(network, training, options, validation);

        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        history.Epochs.Count.ShouldBe(history.BestEpoch + 10);
        double best = history.Epochs[history.BestEpoch - 1].ValidationLoss!.Value;
        history.Epochs.ShouldAllBe(e => e.ValidationLoss >= best);

        var predictions = new float[validation.Rows];
        network.Predict(validation.Features, predictions, validation.Rows);
        double mse = predictions.Select((p, i) => (double)(p - validation.Targets[i]) * (p - validation.Targets[i])).Average();
        mse.ShouldBe(best, 1e-4);
    }

    [Fact]
    public void Train_HugeLearningRate_ThrowsDivergedWithAdvice()
    {
        var data = Problems.NoisySine(200, 0.1f, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [32], Seed = 3 });
        var options = new TrainingOptions { Loss = LossFunction.MeanSquaredError, Optimizer = OptimizerKind.Sgd, LearningRate = 100f, NumberOfEpochs = 20 };
        var ex = Should.Throw<TrainingDivergedException>(() => MlpTrainer.Train(network, data, options));
        ex.Message.ShouldContain("learning rate");
        ex.Message.ShouldContain("GradientClipNorm");
        ex.Epoch.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Train_DivergenceWithReturnBestModel_ReturnsFiniteBestWeights()
    {
        // Plain SGD at η = 0.1 on this net completes epoch 1, then blows up in epoch 2 (correlated ReLU features make
        // the loss's curvature ≈ 100, so any η above ~0.02 is unstable).
        var data = Problems.NoisySine(200, 0.1f, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [32], Seed = 3 });
        var options = new TrainingOptions
        {
            Loss = LossFunction.MeanSquaredError, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f, NumberOfEpochs = 30,
            OnDivergence = DivergenceBehavior.ReturnBestModel,
        };
        var history = MlpTrainer.Train(network, data, options);

        history.StopReason.ShouldBe(StopReason.Diverged);
        history.BestEpoch.ShouldBe(1);
        network.Parameters.ShouldAllBe(p => p.Values.All(float.IsFinite));
        var predictions = new float[data.Rows];
        network.Predict(data.Features, predictions, data.Rows);
        predictions.ShouldAllBe(v => float.IsFinite(v));
    }

    [Fact]
    public void Train_CancelledToken_ThrowsOperationCanceled()
    {
        var data = Problems.Spiral(100, seed: 1);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<EpochReport>(_ => cts.Cancel());
        var options = SpiralOptions(1) with { NumberOfEpochs = 100 };
        Should.Throw<OperationCanceledException>(() => MlpTrainer.Train(SpiralNetwork(), data, options, progress: progress, cancellationToken: cts.Token));
    }

    [Fact]
    public void Train_BatchLargerThanData_OneBatchPerEpoch()
    {
        var history = MlpTrainer.Train(NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [4], Seed = 1 }), Problems.Xor(),
            new TrainingOptions { LearningRate = 1e-3f, BatchSize = 1000, NumberOfEpochs = 2 });
        history.Epochs.ShouldAllBe(e => e.Batches == 1);
    }

    [Fact]
    public void Train_DeadReluNetwork_ReportsDeadUnits()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [16], OutputSize = 3, InitialBias = -50f, Seed = 1 });
        var history = MlpTrainer.Train(network, Problems.Spiral(30, seed: 1), new TrainingOptions { LearningRate = 1e-3f, Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 2 });
        history.Epochs[^1].Layers[0].DeadUnitShare.ShouldBe(1.0);
    }

    /// <summary>IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
