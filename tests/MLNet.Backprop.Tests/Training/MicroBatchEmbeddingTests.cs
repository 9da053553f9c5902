using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The micro-batch mode with embedding tables: the tables' gradients travel in the flat parameter vector and are
/// reduced in the same tree as the dense ones, so the step equals the whole batch's and the bits do not depend on the
/// thread count; every table row is updated every step (the reduced gradient is dense).</summary>
public class MicroBatchEmbeddingTests
{
    private const int Keys0 = 9, Keys1 = 5;

    private static NeuralNetwork Network(float dropout = 0f) => NeuralNetwork.Create(new NetworkOptions
    {
        Activation = Activation.ReLU, InputParts = [InputPartDescription.Dense(4), InputPartDescription.Embedding(Keys0, 3), InputPartDescription.Embedding(Keys1, 2)],
        HiddenLayers = [12], OutputSize = 1, Dropout = dropout, Seed = 3,
    });

    /// <summary>Rows whose class depends on a feature and on each row's first key; keys 0 (missing) included, and key
    /// <see cref="Keys0"/> never used (a table row no step touches).</summary>
    private static TrainingData Data(int rows = 240)
    {
        var features = TestData.Normal(rows * 4, 21);
        var random = new Random(4);
        var keys = new int[rows * 2];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            keys[2 * r] = random.Next(Keys0); // 0..Keys0-1: the last key never appears
            keys[2 * r + 1] = random.Next(Keys1 + 1);
            targets[r] = features[r * 4] + (keys[2 * r] % 2 == 0 ? 1f : -1f) > 0 ? 1f : 0f;
        }
        return new TrainingData(features, rows, 4, targets, 1, TestData.Uniform(rows, 12, 0.5f, 2f), keys, keyColumns: 2);
    }

    private static TrainingOptions Options(int threads = 1) => new()
    {
        NumberOfEpochs = 5, BatchSize = 40, LearningRate = 0.02f, Seed = 5, NumberOfThreads = threads, L2Regularization = 1e-2f, GradientClipNorm = 2f,
    };

    private static LocalStepExecutor Executor(NeuralNetwork network, IRowSource rows, TrainingOptions options) =>
        new(network, new BinaryCrossEntropy(), rows, new MicroBatchPlan(rows.RowCount, options.BatchSize, 8), options.Seed, shuffle: true,
            options.ResolvedThreads, unitStatistics: true);

    private static (TrainingHistory History, NeuralNetwork Network) Train(int threads, Func<NeuralNetwork, IRowSource, MicroBatchSetup>? setup = null,
        CancellationToken cancellation = default, TrainingOptions? settings = null)
    {
        var data = Data();
        var network = Network(dropout: 0.2f);
        var source = new InMemoryBatchSource(data, balance: null);
        var options = settings ?? Options(threads);
        var layout = new RowLayout(source.RowCount, data.Inputs, data.TargetWidth, source.HasWeights);
        var micro = setup?.Invoke(network, source) ?? new MicroBatchSetup(Executor(network, source, options));
        return (MlpTrainer.Train(network, layout, options, null, null, cancellation, null, micro), network);
    }

    private static int[] Bits(NeuralNetwork network) => network.Parameters.SelectMany(p => p.Values).Select(BitConverter.SingleToInt32Bits).ToArray();

    private static float[] Table(NeuralNetwork network, int table) => network.Input.Parameters[table].Values;

    [Fact]
    public void Step_WithEmbeddingTables_ReducedAndScaledEqualsTheWholeBatchGradientWithinRounding()
    {
        var data = Data(40);
        var network = Network();
        var source = new InMemoryBatchSource(data, balance: null);
        var executor = Executor(network, source, Options());
        var weights = new float[network.ParameterCount];
        ParameterVector.CopyValues(network, weights);
        var root = executor.Compute(new StepCoordinates(0, 0, 0), weights, default);

        // The default loop's gradient of the same rows in the same order, from one whole-batch backward pass.
        var order = new EpochOrder(40, Options().Seed, true).Of(0);
        var batch = data.Select(order);
        var ws = new Workspace(network, 40);
        var input = batch.View(0, 40);
        var logits = network.Forward(ws, input, training: true, null, 1);
        new BinaryCrossEntropy().Evaluate(logits, batch.Targets, batch.Weights, ws.Delta[^1], 40, 1);
        network.Backward(ws, input, 1);
        var expected = new float[network.ParameterCount];
        ParameterVector.CopyGradients(network, expected);

        int tableValues = (Keys0 + 1) * 3 + (Keys1 + 1) * 2;
        expected.Take(tableValues).ShouldContain(g => g != 0f); // the tables' rows are in the vector, first
        float scale = (float)(1.0 / root.Weight);
        double norm = Math.Sqrt(expected.Sum(g => (double)g * g));
        for (int i = 0; i < expected.Length; i++) (root.Gradient[i] * scale).ShouldBe(expected[i], 1e-5 * norm, $"parameter {i}");
    }

    [Fact]
    public void Train_WithEmbeddingTables_OneTwoOrThreeThreads_BitIdenticalAndLearns()
    {
        var (h1, n1) = Train(1);
        foreach (int threads in new[] { 2, 3 })
        {
            var (h, n) = Train(threads);
            Bits(n).ShouldBe(Bits(n1), $"{threads} threads");
            h.Epochs.Select(e => e.TrainingLoss).ShouldBe(h1.Epochs.Select(e => e.TrainingLoss));
        }
        h1.Epochs[^1].TrainingLoss.ShouldBeLessThan(h1.Epochs[0].TrainingLoss);
    }

    [Fact]
    public void Train_WithEmbeddingTables_EveryTableRowUpdatedEveryStep()
    {
        // Key Keys0 never occurs, so its row's gradient is zero every step; it still moves, by the L2 term and the
        // optimizer's state, because the micro-batch mode's reduced gradient is dense (as SparseUpdates = SparseUpdates.EveryRow).
        var before = Network(dropout: 0.2f);
        float[] unused = Table(before, 0).AsSpan(Keys0 * 3, 3).ToArray();
        var (_, trained) = Train(1);
        float[] after = Table(trained, 0).AsSpan(Keys0 * 3, 3).ToArray();
        for (int i = 0; i < 3; i++) after[i].ShouldNotBe(unused[i]);
    }

    [Fact]
    public void Train_IdTablePrior_AnUnseenKeysRowShrinksByItEveryStep()
    {
        // Plain SGD without L2 or clipping: key Keys0's row has a zero gradient every step, so only the prior of the
        // first table (Keys0 keys, more than IdTableMostKeys) moves it, w ← w − η·λ·w, once per step.
        var options = Options() with
        {
            Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f, L2Regularization = 0f, GradientClipNorm = null, IdTablePrior = 0.05f, IdTableMostKeys = Keys1,
        };
        var before = Network(dropout: 0.2f);
        float[] expected = Table(before, 0).AsSpan(Keys0 * 3, 3).ToArray();
        int steps = options.NumberOfEpochs * (int)AutomaticSettings.BatchesPerEpoch(240, options.BatchSize);
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < 3; i++) expected[i] -= options.LearningRate * (options.IdTablePrior * expected[i]);

        var (_, trained) = Train(1, settings: options);

        float[] after = Table(trained, 0).AsSpan(Keys0 * 3, 3).ToArray();
        for (int i = 0; i < 3; i++)
        {
            after[i].ShouldBe(expected[i], Math.Abs(expected[i]) * 1e-5f);
            Math.Abs(after[i]).ShouldBeLessThan(0.9f * Math.Abs(Table(before, 0)[Keys0 * 3 + i]));
        }
    }

    [Fact]
    public void Train_IdTablePriorAboveEveryTablesKeys_BitIdenticalToNone()
    {
        // No table has more keys than IdTableMostKeys: the prior's value must not reach any step.
        var without = Options() with { IdTablePrior = 0f };
        var (history, network) = Train(1, settings: Options() with { IdTablePrior = 0.05f, IdTableMostKeys = Keys0 });
        var (reference, referenceNetwork) = Train(1, settings: without);

        Bits(network).ShouldBe(Bits(referenceNetwork));
        history.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public void Resume_WithEmbeddingTables_FromACheckpointInTheMiddleOfAnEpoch_BitIdentical()
    {
        var (reference, referenceNetwork) = Train(1);
        RunCheckpoint? saved = null;
        using var stop = new CancellationTokenSource();
        int written = 0;
        // Interrupted at the third checkpoint (every 4 steps, and at epoch starts): the tables' values and Adam moments go with it.
        Should.Throw<OperationCanceledException>(() => Train(1, (network, rows) => new MicroBatchSetup(Executor(network, rows, Options()))
        {
            CheckpointEverySteps = 4,
            Checkpoint = c =>
            {
                saved = c;
                if (++written == 3) stop.Cancel();
            },
        }, stop.Token));
        saved.ShouldNotBeNull();
        saved.StepInEpoch.ShouldBeGreaterThan(0);

        var (resumed, network) = Train(1, (n, rows) => new MicroBatchSetup(Executor(n, rows, Options())) { Resume = saved });

        Bits(network).ShouldBe(Bits(referenceNetwork));
        resumed.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public void Train_WithEmbeddingTables_EpochReportsCountTheKeysTheStepsTouched()
    {
        // The coordinator never sees the rows; the keys that occur are 1..Keys0-1 of the first table (Keys0 never, 0 is
        // the unknown row, not a key) and all Keys1 of the second, every epoch.
        var history = Train(threads: 2).History;
        foreach (var epoch in history.Epochs)
        {
            epoch.Embeddings.Count.ShouldBe(2);
            epoch.Embeddings[0].KeysTouched.ShouldBe(Keys0 - 1);
            epoch.Embeddings[0].KeysNeverTouched.ShouldBe(1);
            epoch.Embeddings[1].KeysTouched.ShouldBe(Keys1);
            epoch.Embeddings[1].KeysNeverTouched.ShouldBe(0);
            epoch.Embeddings[0].UpdateRatio.ShouldBeGreaterThan(0);
        }
        var context = new DiagnosisContext { Activations = [Activation.ReLU, Activation.Identity], ParameterCounts = [1, 1] };
        new FrozenEmbeddingCheck().Check(history, context, complete: true).ShouldBeEmpty();
    }
}
