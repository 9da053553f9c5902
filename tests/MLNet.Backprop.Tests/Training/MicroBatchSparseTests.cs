using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using static MLNet.Backprop.Tests.TestSupport.SparseMicroBatchCase;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The micro-batch mode on a sparse first layer (text n-grams, one-hot ids): each micro-batch's computer writes
/// the first layer's gradient on the slots its rows touch only, so the rows an earlier micro-batch or step wrote must be
/// cleared before the next one is copied out. Measured on fine_foods and insteval, the mode scores as one in-memory
/// network (src/docs/articles/sparse-inputs.md, "In the streamed and micro-batch modes"); these tests pin the step it
/// takes to the default loop's.</summary>
public class MicroBatchSparseTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Step_SparseFirstLayer_ReducedAndScaledEqualsTheWholeBatchGradientWithinRounding(int step)
    {
        var data = Data();
        var network = CreateNetwork();
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
        int firstLayer = Slots * Units;
        expected.Take(firstLayer).Count(g => g == 0f).ShouldBeGreaterThan(firstLayer / 2); // the batch leaves most slots untouched
        float scale = (float)(1.0 / root.Weight);
        double norm = Math.Sqrt(expected.Sum(g => (double)g * g));
        for (int i = 0; i < expected.Length; i++) (root.Gradient[i] * scale).ShouldBe(expected[i], 1e-5 * norm, $"parameter {i}");
    }
}
