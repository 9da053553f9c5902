using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A small sparse first layer in the micro-batch mode: six of 300 slots a row, so most slots one micro-batch
/// touches the next does not (the case where a step's leftovers would leak into the next).</summary>
internal static class SparseMicroBatchCase
{
    public const int Slots = 300, Units = 12, Rows = 80, Batch = 40, MicroBatch = 8;

    public static NeuralNetwork CreateNetwork() => NeuralNetwork.Create(new NetworkOptions
    {
        Activation = Activation.ReLU, InputParts = [InputPartDescription.Sparse(Slots)], HiddenLayers = [Units], OutputSize = 1, Seed = 3,
    });

    public static TrainingData Data()
    {
        var (offsets, indices, values, _, _) = SparseRows.Csr(Rows, Slots, 6, seed: 4);
        var targets = Enumerable.Range(0, Rows).Select(r => indices[offsets[r]] % 2 == 0 ? 1f : 0f).ToArray();
        return TrainingData.Sparse(offsets, indices, values, Rows, Slots, targets, 1, TestData.Uniform(Rows, 12, 0.5f, 2f));
    }
}
