using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class EmbeddingBlockTests
{
    private static NeuralNetwork Network(params InputPartDescription[] parts) => NeuralNetwork.Create(new NetworkOptions
    {
        InputParts = parts, HiddenLayers = [9], OutputSize = 1, Activation = Activation.Tanh, Seed = 3,
    });

    public static TheoryData<string> Layouts => new() { "dense+3 tables", "3 tables", "dense+1 table", "wide dense+2 tables" };

    private static InputPartDescription[] Parts(string layout) => layout switch
    {
        "dense+3 tables" => [InputPartDescription.Dense(3), InputPartDescription.Embedding(keys: 5, width: 4), InputPartDescription.Embedding(keys: 7, width: 1),
            InputPartDescription.Embedding(keys: 3, width: 2)],
        "3 tables" => [InputPartDescription.Embedding(keys: 5, width: 4), InputPartDescription.Embedding(keys: 7, width: 1), InputPartDescription.Embedding(keys: 3, width: 2)],
        "wide dense+2 tables" => [InputPartDescription.Dense(EmbeddingBlock.MaxDenseWidth + 1), InputPartDescription.Embedding(keys: 5, width: 4),
            InputPartDescription.Embedding(keys: 3, width: 2)],
        _ => [InputPartDescription.Dense(3), InputPartDescription.Embedding(keys: 5, width: 4)],
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void StageForwardBackward_AdjacentTables_BitIdenticalToEachTableOnItsOwn(string layout)
    {
        var network = Network(Parts(layout));
        var stage = network.Input;
        int tables = stage.Parts.Count(p => p is EmbeddingInput), denseWidth = stage.Shape.DenseWidth, rows = 37, units = stage.Layer.OutputSize;
        var random = new Random(5);
        int[] keys = Enumerable.Range(0, rows * tables).Select(_ => random.Next(0, 9)).ToArray(); // beyond-table keys too
        float[] dense = TestData.Normal(rows * Math.Max(1, denseWidth), 4);
        var input = new InputView(rows, denseWidth == 0 ? [] : dense, keys: keys);
        float[] deltaIn = TestData.Normal(rows * units, 6);

        // The stage (blocks of adjacent tables).
        var scratch = stage.ScratchPerRow.Select(n => new float[rows * n]).ToArray();
        float[] z = new float[rows * units], a = new float[rows * units], delta = (float[])deltaIn.Clone();
        stage.Forward(input, z, a, threads: 1, scratch);
        stage.Backward(input, z, a, delta, threads: 1, l2: 0f, scratch);
        float[] weightGradient = [.. stage.Layer.WeightParameter.Gradients];
        float[][] tableGradients = stage.Parts.OfType<EmbeddingInput>().Select(e => e.Table.Gradients.ToArray()).ToArray();

        // Each part on its own, with dL/dZ as the stage computed it.
        var ownScratch = stage.Parts.Select(p => new float[rows * p.ScratchPerRow]).ToArray();
        float[] zOwn = new float[rows * units], gradientOwn = new float[weightGradient.Length];
        float[] w = stage.Layer.WeightParameter.Values;
        for (int p = 0, first = 0; p < stage.Parts.Count; first += stage.Parts[p].Description.Rows * units, p++)
        {
            int length = stage.Parts[p].Description.Rows * units;
            stage.Parts[p].Forward(input, w.AsSpan(first, length), zOwn, units, accumulate: p > 0, 1, ownScratch[p]);
        }
        for (int p = 0, first = 0; p < stage.Parts.Count; first += stage.Parts[p].Description.Rows * units, p++)
        {
            int length = stage.Parts[p].Description.Rows * units;
            stage.Parts[p].Backward(input, delta, w.AsSpan(first, length), gradientOwn.AsSpan(first, length), units, 1, ownScratch[p]);
        }

        Bits(z).ShouldBe(Bits(zOwn));
        Bits(weightGradient).ShouldBe(Bits(gradientOwn));
        var own = stage.Parts.OfType<EmbeddingInput>().Select(e => e.Table.Gradients.ToArray()).ToArray();
        for (int t = 0; t < tables; t++) Bits(tableGradients[t]).ShouldBe(Bits(own[t]), $"table {t}");
        tableGradients.ShouldAllBe(g => g.Any(v => v != 0f));
    }

    [Fact]
    public void ScratchPerRow_NarrowDenseAndThreeTables_OneBlockHoldsTheirsAtItsFirstPart()
    {
        var stage = Network(Parts("dense+3 tables")).Input;
        stage.ScratchPerRow.ShouldBe([2 * (3 + 4 + 1 + 2), 0, 0, 0]);
    }

    [Fact]
    public void ScratchPerRow_WideDense_StaysOnItsOwnAndTheTablesJoin()
    {
        var stage = Network(Parts("wide dense+2 tables")).Input;
        stage.ScratchPerRow.ShouldBe([0, 2 * (4 + 2), 0]);
    }

    [Fact]
    public void Constructor_NoTableOrWideDense_Throws()
    {
        var table = (EmbeddingInput)Network(Parts("dense+1 table")).Input.Parts[1];
        Should.Throw<ArgumentException>(() => new EmbeddingBlock(3, []));
        Should.Throw<ArgumentOutOfRangeException>(() => new EmbeddingBlock(EmbeddingBlock.MaxDenseWidth + 1, [table]));
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
