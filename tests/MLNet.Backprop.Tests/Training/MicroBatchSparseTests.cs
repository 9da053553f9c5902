using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The micro-batch mode on a sparse first layer (text n-grams, one-hot ids): each micro-batch's computer writes
/// the first layer's gradient on the slots its rows touch only, so the rows an earlier micro-batch or step wrote must be
/// cleared before the next one is copied out. Measured on fine_foods and insteval, the mode scores as one in-memory
/// network (src/docs/articles/sparse-inputs.md, "In the streamed and micro-batch modes"); these tests pin the step it
/// takes to the default loop's.</summary>
public class MicroBatchSparseTests
{
    private const int Slots = 300, Rows = 80, Batch = 40, MicroBatch = 8;

    private static NeuralNetwork Network() => NeuralNetwork.Create(new NetworkOptions
    {
        Activation = Activation.ReLU, InputParts = [InputPartDescription.Sparse(Slots)], HiddenLayers = [12], OutputSize = 1, Seed = 3,
    });

    // Six of 300 slots a row: most slots one micro-batch touches, the next does not.
    private static TrainingData Data()
    {
        var (offsets, indices, values, _, _) = SparseRows.Csr(Rows, Slots, 6, seed: 4);
        var targets = Enumerable.Range(0, Rows).Select(r => indices[offsets[r]] % 2 == 0 ? 1f : 0f).ToArray();
        return TrainingData.Sparse(offsets, indices, values, Rows, Slots, targets, 1, TestData.Uniform(Rows, 12, 0.5f, 2f));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Step_SparseFirstLayer_ReducedAndScaledEqualsTheWholeBatchGradientWithinRounding(int step)
    {
        var data = Data();
        var network = Network();
        var source = new InMemoryBatchSource(data, balance: null);
        var executor = new LocalStepExecutor(network, new BinaryCrossEntropy(), source, new MicroBatchPlan(Rows, Batch, MicroBatch), seed: 5, shuffle: true,
            threads: 1, unitStatistics: false);
        var weights = new float[network.ParameterCount];
        ParameterVector.CopyValues(network, weights);
        // Step 1 is computed after step 0 by the same computers: what step 0 wrote must not leak into it.
        GradientSum? root = null;
        for (int s = 0; s <= step; s++)
        {
            if (root is not null) executor.Release(root);
            root = executor.Compute(new StepCoordinates(0, s, s), weights, default);
        }

        // The default loop's gradient of the same rows in the same order, from one whole-batch backward pass.
        var order = new EpochOrder(Rows, 5, true).Of(0).AsSpan(step * Batch, Batch).ToArray();
        var batch = data.Select(order);
        var ws = new Workspace(network, Batch);
        var input = batch.View(0, Batch);
        var logits = network.Forward(ws, input, training: true, null, 1);
        new BinaryCrossEntropy().Evaluate(logits, batch.Targets, batch.Weights, ws.Delta[^1], Batch, 1);
        network.Backward(ws, input, 1);
        var expected = new float[network.ParameterCount];
        ParameterVector.CopyGradients(network, expected);

        root!.Weight.ShouldBe(batch.Weights!.Sum(w => (double)w), 1e-9);
        int firstLayer = Slots * 12;
        expected.Take(firstLayer).Count(g => g == 0f).ShouldBeGreaterThan(firstLayer / 2); // the batch leaves most slots untouched
        float scale = (float)(1.0 / root.Weight);
        double norm = Math.Sqrt(expected.Sum(g => (double)g * g));
        for (int i = 0; i < expected.Length; i++) (root.Gradient[i] * scale).ShouldBe(expected[i], 1e-5 * norm, $"parameter {i}");
    }
}
