using Microsoft.ML;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class MicroBatchModeTests
{
    private static NeuralNetwork Network(float dropout = 0f) =>
        NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 6, HiddenLayers = [16, 8], OutputSize = 1, Dropout = dropout, Seed = 3 });

    private static TrainingData Data(int rows = 300)
    {
        var features = TestData.Normal(rows * 6, 11);
        var targets = Enumerable.Range(0, rows).Select(r => features[r * 6] * features[r * 6 + 1] + features[r * 6 + 2] > 0 ? 1f : 0f).ToArray();
        var weights = TestData.Uniform(rows, 12, 0.5f, 2f);
        return new TrainingData(features, rows, 6, targets, 1, weights);
    }

    private static TrainingOptions Options(int threads = 1) => new()
    {
        NumberOfEpochs = 4, BatchSize = 40, LearningRate = 0.01f, Seed = 5, NumberOfThreads = threads, L2Regularization = 1e-3f, GradientClipNorm = 2f,
    };

    private static (TrainingHistory History, NeuralNetwork Network) Train(int threads, MicroBatchSetup? setup = null, NeuralNetwork? network = null,
        CancellationToken cancellation = default)
    {
        var data = Data();
        network ??= Network(dropout: 0.2f);
        var source = new InMemoryBatchSource(data, balance: null);
        var options = Options(threads);
        setup ??= new MicroBatchSetup(Executor(network, source, options));
        var layout = new RowLayout(source.RowCount, data.Inputs, data.TargetWidth, source.HasWeights);
        return (MlpTrainer.Train(network, layout, options, null, null, cancellation, null, setup), network);
    }

    private static LocalStepExecutor Executor(NeuralNetwork network, IRowSource rows, TrainingOptions options) =>
        new(network, new BinaryCrossEntropy(), rows, new MicroBatchPlan(rows.RowCount, options.BatchSize, 8), options.Seed, shuffle: true,
            options.ResolvedThreads, unitStatistics: true);

    private static int[] Bits(NeuralNetwork network) => network.Parameters.SelectMany(p => p.Values).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void Train_OneTwoOrThreeThreads_BitIdenticalWeightsAndHistory()
    {
        var (h1, n1) = Train(1);
        foreach (int threads in new[] { 2, 3 })
        {
            var (h, n) = Train(threads);
            Bits(n).ShouldBe(Bits(n1), $"{threads} threads");
            h.Epochs.Select(e => e.TrainingLoss).ShouldBe(h1.Epochs.Select(e => e.TrainingLoss));
            h.Epochs.Select(e => e.Layers[0].DeadUnitShare).ShouldBe(h1.Epochs.Select(e => e.Layers[0].DeadUnitShare));
        }
        h1.Epochs[^1].TrainingLoss.ShouldBeLessThan(h1.Epochs[0].TrainingLoss);
    }

    [Fact]
    public void Step_ReducedAndScaled_EqualsTheWholeBatchGradientWithinRounding()
    {
        var data = Data(40);
        var network = Network();
        var source = new InMemoryBatchSource(data, balance: null);
        var options = Options();
        var executor = Executor(network, source, options);
        var weights = new float[network.ParameterCount];
        ParameterVector.CopyValues(network, weights);
        var root = executor.Compute(new StepCoordinates(0, 0, 0), weights, default);
        root.Weight.ShouldBe(data.Weights!.Sum(w => (double)w), 1e-9);

        // The default loop's gradient of the same rows in the same order, from one whole-batch backward pass.
        var order = new EpochOrder(40, options.Seed, true).Of(0);
        var batch = data.Select(order);
        var ws = new Workspace(network, 40);
        var logits = network.Forward(ws, batch.Features, 40, training: true, null, 1);
        new BinaryCrossEntropy().Evaluate(logits, batch.Targets, batch.Weights, ws.Delta[^1], 40, 1);
        network.Backward(ws, batch.Features, 40, 1);
        var expected = new float[network.ParameterCount];
        ParameterVector.CopyGradients(network, expected);

        float scale = (float)(1.0 / root.Weight);
        double norm = Math.Sqrt(expected.Sum(g => (double)g * g));
        for (int i = 0; i < expected.Length; i++) (root.Gradient[i] * scale).ShouldBe(expected[i], 1e-5 * norm, $"parameter {i}");
    }

    [Fact]
    public void Resume_FromACheckpointInTheMiddleOfAnEpoch_BitIdenticalToTheUninterruptedRun()
    {
        var (reference, referenceNetwork) = Train(1);

        // Interrupted after the third checkpoint (every 7 steps, and at epoch starts), written to a file and read back.
        string path = Path.Combine(Path.GetTempPath(), $"mlbp-checkpoint-{Guid.NewGuid():N}.bin");
        byte[] identity = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("test configuration"));
        try
        {
            using var stop = new CancellationTokenSource();
            int written = 0;
            var first = Network(dropout: 0.2f);
            var source = new InMemoryBatchSource(Data(), null);
            var setup = new MicroBatchSetup(Executor(first, source, Options()))
            {
                CheckpointEverySteps = 7,
                Checkpoint = c =>
                {
                    RunCheckpointFile.Save(path, identity, c);
                    if (++written == 3) stop.Cancel();
                },
            };
            Should.Throw<OperationCanceledException>(() => Train(1, setup, first, stop.Token));
            var checkpoint = RunCheckpointFile.Load(path, identity);
            (checkpoint.Epoch, checkpoint.StepInEpoch).ShouldBe((2, 6)); // 8 steps per epoch: steps 7, then epoch 2, then 14

            var second = Network(dropout: 0.2f);
            var (resumed, network) = Train(1, new MicroBatchSetup(Executor(second, new InMemoryBatchSource(Data(), null), Options())) { Resume = checkpoint }, second);
            Bits(network).ShouldBe(Bits(referenceNetwork));
            resumed.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Epochs.Select(e => e.TrainingLoss));
            resumed.Epochs.Select(e => e.GradientNormMean).ShouldBe(reference.Epochs.Select(e => e.GradientNormMean));
            resumed.Epochs.Select(e => e.ClippedBatches).ShouldBe(reference.Epochs.Select(e => e.ClippedBatches));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CheckpointFile_DamagedOrOfAnotherRun_ClearErrorNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlbp-checkpoint-{Guid.NewGuid():N}.bin");
        try
        {
            var network = Network();
            var setup = new MicroBatchSetup(Executor(network, new InMemoryBatchSource(Data(), null), Options()))
            {
                Checkpoint = c => RunCheckpointFile.Save(path, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("a")), c),
            };
            Train(1, setup, network);
            Should.Throw<InvalidDataException>(() => RunCheckpointFile.Load(path, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("b")))).Message.ShouldContain(path);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 1;
            File.WriteAllBytes(path, bytes);
            Should.Throw<InvalidDataException>(() => RunCheckpointFile.Load(path, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("a")))).Message.ShouldContain("SHA-256");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_MicroBatchSize_ThreadIndependentAndLearns()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 600, 4);
        BackpropTransformer Fit(int threads) => new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            Task = BackpropTask.BinaryClassification, HiddenLayers = [16], MicroBatchSize = 16, BatchSize = 64, NumberOfEpochs = 20, Seed = 2,
            Dropout = 0.1f, NumberOfThreads = threads, LearningRate = 0.01f,
        }).Fit(data);
        var one = Fit(1);
        var two = Fit(2);
        two.Model.Network.Layers[0].Weights.ToArray().ShouldBe(one.Model.Network.Layers[0].Weights.ToArray());
        ml.BinaryClassification.Evaluate(one.Transform(data)).AreaUnderRocCurve.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Options_MicroBatchSizeWithStreaming_RejectedNamingDataLoading()
    {
        var options = new BackpropTrainer.Options { MicroBatchSize = 8, DataLoading = DataLoading.Streaming };
        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(new MLContext(), options)).ParamName.ShouldBe("DataLoading");
    }
}
