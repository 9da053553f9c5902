using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class EmbeddingInputTests
{
    private static NeuralNetwork Network(Activation activation, float dropout = 0f) => NeuralNetwork.Create(new NetworkOptions
    {
        InputParts = [InputPartDescription.Dense(3), InputPartDescription.Embedding(keys: 5, width: 4), InputPartDescription.Embedding(keys: 3, width: 2)],
        HiddenLayers = [6], OutputSize = 2, Activation = activation, Dropout = dropout, Seed = 7,
    });

    /// <summary>Rows of three features and two keys each: known keys, 0 (missing) and keys beyond the tables.</summary>
    private static (float[] Dense, int[] Keys, int Rows) Rows()
    {
        int[] keys = [1, 2, 5, 3, 0, 1, 3, 0, 9, 2, 2, 1, 4, 4];
        int rows = keys.Length / 2;
        return (TestData.Normal(rows * 3, 11), keys, rows);
    }

    [Theory]
    [InlineData(Activation.Tanh, 0f)]
    [InlineData(Activation.GELU, 0.3f)]
    public void GradientCheck_DenseAndTwoEmbeddings_AnalyticMatchesNumeric(Activation activation, float dropout)
    {
        var network = Network(activation, dropout);
        var (dense, keys, rows) = Rows();
        var targets = Enumerable.Range(0, rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, rows);

        result.Parameters.Select(p => p.Parameter).ShouldContain("input0.embedding");
        result.Parameters.Select(p => p.Parameter).ShouldContain("input1.embedding");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Forward_KeyBeyondTheTable_UsesTheUnknownRow()
    {
        var network = Network(Activation.Tanh);
        var (dense, _, _) = Rows();
        float[] row = dense[..3];
        float Score(int first, int second)
        {
            var logits = network.Forward(new Workspace(network, 1), new InputView(1, row, keys: new[] { first, second }), training: false, null, 1);
            return logits[0];
        }

        Score(9, 1).ShouldBe(Score(0, 1));
        Score(1, 3).ShouldBe(Score(1, 3));
        Score(1, 4).ShouldBe(Score(1, 0));
        Score(2, 1).ShouldNotBe(Score(0, 1));
    }

    [Fact]
    public void Backward_TableRowsNotInTheBatch_GetNoGradient()
    {
        var network = Network(Activation.Tanh);
        float[] dense = TestData.Normal(6, 2);
        int[] keys = [1, 2, 2, 1]; // two rows: keys 1 and 2 of the first table, 2 and 1 of the second
        var ws = new Workspace(network, 2);
        var input = new InputView(2, dense, keys: keys);
        network.Forward(ws, input, training: true, new MLNet.Backprop.Numerics.Rng(1), 1);
        TestData.Normal(4, 3).CopyTo(ws.Delta[^1], 0);
        network.Backward(ws, input, 1);

        var first = ((EmbeddingInput)network.Input.Parts[1]).Table.Gradients;
        for (int row = 0; row < 6; row++)
            (first.AsSpan(row * 4, 4).ToArray().Any(g => g != 0f)).ShouldBe(row is 1 or 2, $"table row {row}");
    }

    [Fact]
    public void FinishTraining_UnknownRowNeverTrained_BecomesTheMeanOfTheKeysRows()
    {
        var network = Network(Activation.Tanh);
        var table = ((EmbeddingInput)network.Input.Parts[1]).Table.Values; // 6 rows × 4
        table[4 * 2] += 1f; // training moved key 2's row, never the unknown row

        network.Input.FinishTraining();

        for (int i = 0; i < 4; i++)
            table[i].ShouldBe((float)Enumerable.Range(1, 5).Average(k => (double)table[k * 4 + i]), 1e-6f);
    }

    [Fact]
    public void FinishTraining_UnknownRowTrained_KeepsIt()
    {
        var network = Network(Activation.Tanh);
        var table = ((EmbeddingInput)network.Input.Parts[1]).Table.Values;
        table[1] -= 0.5f; // rows with a missing key trained it
        float[] unknown = table[..4];

        network.Input.FinishTraining();

        table[..4].ShouldBe(unknown);
    }

    [Fact]
    public void Backward_TableRows_ListsEachKeyOfTheBatchOnceAndClearsTheLastBatchsRows()
    {
        var network = Network(Activation.Tanh);
        var part = (EmbeddingInput)network.Input.Parts[1];
        var ws = new Workspace(network, 3);
        void Step(int[] keys)
        {
            var input = new InputView(3, TestData.Normal(9, 2), keys: keys);
            network.Forward(ws, input, training: true, new MLNet.Backprop.Numerics.Rng(1), 1);
            TestData.Normal(6, 3).CopyTo(ws.Delta[^1], 0);
            network.Backward(ws, input, 1);
        }

        Step([3, 1, 3, 2, 0, 1]); // the first table's keys: 3, 3, 0
        part.Table.Touched!.Rows.ToArray().ShouldBe([3, 0]);
        Step([4, 1, 4, 2, 1, 1]); // then 4, 4, 1: rows 3 and 0 cleared, 4 and 1 written
        part.Table.Touched.Rows.ToArray().ShouldBe([4, 1]);
        for (int row = 0; row < 6; row++)
            part.Table.Gradients.AsSpan(row * 4, 4).ToArray().Any(g => g != 0f).ShouldBe(row is 4 or 1, $"table row {row}");
    }
}
