using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class SparseInputTests
{
    private const int Slots = 120;

    private static NeuralNetwork Sparse(int[] hidden, Activation activation = Activation.Tanh, float dropout = 0f, int outputs = 1) =>
        NeuralNetwork.Create(new NetworkOptions
        {
            InputSize = Slots, InputParts = [InputPartDescription.Sparse(Slots)], HiddenLayers = hidden, OutputSize = outputs,
            Activation = activation, Dropout = dropout, Seed = 3,
        });

    private sealed record Block(int Count, float[] Dense, int[] Offsets, int[] Indices, float[] Values)
    {
        public InputView View => new(Count, default, Offsets, Indices, Values);
    }

    private static Block Rows(int rows, int seed)
    {
        var (offsets, indices, values, _, _) = SparseRows.Csr(rows, Slots, 5, seed);
        return new Block(rows, SparseRows.Dense(offsets, indices, values, rows, Slots), offsets, indices, values);
    }

    public static TheoryData<Activation, LossFunction, int> Grid() => new()
    {
        { Activation.Tanh, LossFunction.BinaryCrossEntropy, 0 },
        { Activation.Tanh, LossFunction.BinaryCrossEntropy, 2 },
        { Activation.ReLU, LossFunction.SoftmaxCrossEntropy, 1 },
        { Activation.GELU, LossFunction.MeanSquaredError, 2 },
        { Activation.Sigmoid, LossFunction.Huber, 1 },
    };

    [Theory]
    [MemberData(nameof(Grid))]
    public void GradientCheck_SparseInput_WithinTolerance(Activation activation, LossFunction loss, int depth)
    {
        int outputs = loss == LossFunction.SoftmaxCrossEntropy ? 3 : 1;
        var network = Sparse([.. Enumerable.Repeat(7, depth)], activation, outputs: outputs);
        var rows = Rows(9, seed: 4);
        var targets = TestData.Targets(loss, 9, outputs, 5);
        var result = GradientCheck.Run(network, loss, rows.View, targets);
        result.Passes(1e-4).ShouldBeTrue(result.ToString());
    }

    [Fact]
    public void GradientCheck_CompactFirstLayerGradient_WithinTolerance()
    {
        // A network trained with lazy updates keeps its sparse first layer's gradient compact (the touched rows only).
        var network = Sparse([7], Activation.Tanh);
        network.Input.UseCompactGradient().ShouldBeTrue();
        var rows = Rows(9, seed: 4);

        var result = GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, rows.View, TestData.Targets(LossFunction.BinaryCrossEntropy, 9, 1, 5));

        result.Passes(1e-4).ShouldBeTrue(result.ToString());
    }

    [Fact]
    public void Forward_SparseRows_EqualADenseNetworkWithTheSameWeights()
    {
        var sparse = Sparse([6, 4]);
        var dense = NeuralNetwork.Create(new NetworkOptions { InputSize = Slots, HiddenLayers = [6, 4], Activation = Activation.Tanh, Seed = 99 });
        dense.CopyParametersFrom(sparse);
        var rows = Rows(20, seed: 6);
        var fromSparse = new float[20];
        var fromDense = new float[20];
        sparse.Predict(rows.View, fromSparse);
        dense.Predict(rows.Dense, fromDense, 20);
        for (int i = 0; i < 20; i++) fromSparse[i].ShouldBe(fromDense[i], 1e-5f);
    }

    [Fact]
    public void Backward_TwoBatches_ListsTheSecondBatchsSlotsAndClearsTheFirstBatchsRows()
    {
        var network = Sparse([5]);
        var w = network.Layers[0].WeightParameter;
        var ws = new Workspace(network, 10);
        var first = Rows(10, seed: 7);
        var second = Rows(10, seed: 8);

        Step(network, ws, first.View);
        Step(network, ws, second.View);

        var touched = w.Touched!;
        touched.All.ShouldBeFalse();
        var slots = second.Indices[..second.Offsets[10]].Distinct().ToArray();
        touched.Rows.ToArray().ShouldBe(slots);
        // Every other row's gradient is zero, those of the first batch included; the listed rows are Xᵀ·δ.
        var reference = Sparse([5]);
        reference.CopyParametersFrom(network);
        var referenceWs = new Workspace(reference, 10);
        Step(reference, referenceWs, second.View);
        for (int i = 0; i < Slots; i++)
            for (int j = 0; j < 5; j++)
                w.Gradients[i * 5 + j].ShouldBe(slots.Contains(i) ? reference.Layers[0].WeightParameter.Gradients[i * 5 + j] : 0f);
    }

    [Fact]
    public void Backward_WithL2_PenalisesTheTouchedRowsOnly()
    {
        var network = Sparse([5]);
        var ws = new Workspace(network, 10);
        var rows = Rows(10, seed: 9);
        var logits = network.Forward(ws, rows.View, training: true, null, 1);
        logits.CopyTo(ws.Delta[^1]);
        network.Backward(ws, rows.View, 1, l2: 0f);
        var plain = (float[])network.Layers[0].WeightParameter.Gradients.Clone();
        network.Forward(ws, rows.View, training: true, null, 1).CopyTo(ws.Delta[^1]);
        network.Backward(ws, rows.View, 1, l2: 0.5f);

        var w = network.Layers[0].WeightParameter;
        var slots = rows.Indices[..rows.Offsets[10]].Distinct().ToHashSet();
        for (int i = 0; i < Slots; i++)
            for (int j = 0; j < 5; j++)
                w.Gradients[i * 5 + j].ShouldBe(slots.Contains(i) ? plain[i * 5 + j] + 0.5f * w.Values[i * 5 + j] : 0f);
    }

    [Fact]
    public void Backward_NotLazy_MarksEveryRow()
    {
        var network = Sparse([5]);
        network.Layers[0].WeightParameter.Touched!.Lazy = false;
        var ws = new Workspace(network, 10);
        Step(network, ws, Rows(10, seed: 10).View);
        network.Layers[0].WeightParameter.Touched!.All.ShouldBeTrue();
    }

    [Fact]
    public void Stage_TwoSparseParts_Refused() =>
        Should.Throw<ArgumentException>(() => NeuralNetwork.FromLayers([InputPartDescription.Sparse(3), InputPartDescription.Sparse(4)],
            [new LayerDescription(7, 2, Activation.Tanh, 0f), new LayerDescription(2, 1, Activation.Identity, 0f)])).Message.ShouldContain("one sparse block");

    [Fact]
    public void Description_SlotsOtherThanRows_IsAProblem() =>
        new InputPartDescription(InputKind.Sparse, 5, 4).Problem().ShouldNotBeNull();

    private static void Step(NeuralNetwork network, Workspace ws, in InputView input)
    {
        var logits = network.Forward(ws, input, training: true, null, 1);
        logits.CopyTo(ws.Delta[^1]);
        network.Backward(ws, input, 1);
    }
}
