using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class PeriodicInputTests
{
    private const int Features = 3, Rows = 9;

    private static PeriodicFeatures Settings(float scale = 0.5f) => new(Features, frequencies: 3, width: 4, scale);

    /// <summary>Slots 0 and 2 embedded, slot 1 passing through: the first layer's rows are 2 × 4 embedded values, then slot 1.</summary>
    private static PeriodicFeatures Mixed(float scale = 0.5f) => new(Features, frequencies: 3, width: 4, scale, embedded: [0, 2]);

    private static NeuralNetwork Network(Activation activation, float dropout = 0f, bool embedding = false, PeriodicFeatures? settings = null,
        int threads = 1) =>
        NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = embedding ? [InputPartDescription.Periodic(settings ?? Settings()), InputPartDescription.Embedding(keys: 3, width: 2)]
                : [InputPartDescription.Periodic(settings ?? Settings())],
            HiddenLayers = [5], OutputSize = 2, Activation = activation, Dropout = dropout, Seed = 3, NumberOfThreads = threads,
        });

    private static PeriodicInput Part(NeuralNetwork network) => (PeriodicInput)network.Input.Parts[0];

    [Theory]
    [InlineData(Activation.Tanh, 0f, false)]
    [InlineData(Activation.GELU, 0.3f, false)]
    [InlineData(Activation.Tanh, 0f, true)]
    public void GradientCheck_PeriodicInput_AnalyticMatchesNumeric(Activation activation, float dropout, bool embedding)
    {
        var dense = TestData.Normal(Rows * Features, 5);
        var network = Network(activation, dropout, embedding);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        network.Layers[0].InputSize.ShouldBe(Features * 4 + (embedding ? 2 : 0));
        result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.frequencies");
        result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.weights");
        result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.bias");
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Theory]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.GELU, true)]
    public void GradientCheck_MixedMask_AnalyticMatchesNumeric(Activation activation, bool embedding)
    {
        var dense = TestData.Normal(Rows * Features, 5);
        var network = Network(activation, embedding: embedding, settings: Mixed());
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        network.Layers[0].InputSize.ShouldBe(2 * 4 + 1 + (embedding ? 2 : 0));
        Part(network).Frequencies.Length.ShouldBe(2 * 3);
        result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.frequencies");
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Forward_MixedMask_EmbeddedSlotsThenThePassThroughValue()
    {
        var network = Network(Activation.Tanh, settings: Mixed());
        var part = Part(network);
        var dense = TestData.Normal(Rows * Features, 8, scale: 3f);
        var parameters = part.Parameters.Select(p => p.Values.Select(v => (double)v).ToArray()).ToArray();
        var expanded = new double[2 * 4 + 1];

        for (int r = 0; r < Rows; r++)
        {
            part.Expand(InputView.OfDense(dense, Rows), r, parameters, expanded);
            expanded[8].ShouldBe(dense[r * Features + 1]); // slot 1 as it is, after slot 0's and slot 2's values
            // Slot 2's embedding reads slot 2 with the second embedded feature's parameters.
            double x = dense[r * Features + 2];
            double h = part.Biases.Values[4] + Enumerable.Range(0, 3).Sum(m =>
                Math.Sin(2 * Math.PI * part.Frequencies.Values[3 + m] * x) * part.Weights.Values[(6 + m) * 4]
                + Math.Cos(2 * Math.PI * part.Frequencies.Values[3 + m] * x) * part.Weights.Values[(6 + 3 + m) * 4]);
            expanded[4].ShouldBe(Math.Max(0, h), 1e-12);
        }
    }

    [Fact]
    public void GradientCheck_RegressionWithAFoldedMap_AnalyticMatchesNumeric()
    {
        // Scoring-side map x̃ = (x − o)·s in front of the frequencies: the gradients still follow.
        var settings = Settings(scale: 1f).WithMap([1f, -2f, 0.5f], [0.5f, 2f, 1f]);
        var network = Network(Activation.Tanh, settings: settings);
        var dense = TestData.Normal(Rows * Features, 6, scale: 2f);
        var targets = TestData.Normal(Rows * 2, 7);

        var result = GradientCheck.Run(network, LossFunction.MeanSquaredError, dense, [], targets, Rows);

        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void GradientCheck_PublicOverload_TakesTheFeaturesBeforeTheirEmbedding()
    {
        var network = Network(Activation.Tanh);
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, TestData.Normal(Rows * Features, 5), targets, Rows);

        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Theory]
    [InlineData(16)] // the defaults' k: whole vectors
    [InlineData(37)] // whole vectors and a scalar tail
    [InlineData(3)]
    [InlineData(0)]
    public void Omegas_AnyFrequencies_OmegasBitsValueByValue(int count)
    {
        var frequencies = TestData.Normal(count, 11, scale: 0.1f);
        float[] special = [-0f, 0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-45f, -3e38f, 6e37f, 1.17549435e-38f, 0.123456789f];
        special.AsSpan(0, Math.Min(count, special.Length)).CopyTo(frequencies);
        var omega = TestData.Normal(count, 12); // overwritten

        PeriodicInput.Omegas(frequencies, omega);

        omega.Select(BitConverter.SingleToUInt32Bits).ShouldBe(frequencies.Select(f => BitConverter.SingleToUInt32Bits(PeriodicInput.Omega(f))));
        if (count > 6) (float.IsPositiveInfinity(omega[7]) && float.IsNegativeInfinity(omega[6])).ShouldBeTrue(); // beyond float's range
    }

    [Theory]
    [InlineData(9, 5, 8, false)] // two fours of features side by side and a single one, whole vectors
    [InlineData(6, 4, 5, true)] // a four and a single one, with a scalar tail of columns and a pass-through slot
    [InlineData(3, 16, 8, false)] // the defaults' k and d
    public void Forward_OneRowAtATime_TheBatchsBits(int features, int frequencies, int width, bool mixed)
    {
        var settings = new PeriodicFeatures(features, frequencies, width, scale: 0.5f, embedded: mixed ? [.. Enumerable.Range(0, features - 1)] : null);
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = [InputPartDescription.Periodic(settings)], HiddenLayers = [7], OutputSize = 2, Activation = Activation.Tanh, Seed = 5,
        });
        var dense = TestData.Normal(Rows * features, 9, scale: 2f);
        dense[0] = 0f;
        dense[features + 1] = -0f;
        dense[2 * features] = float.NaN; // a NaN row scores NaN both ways
        var batch = new float[Rows * 2];
        network.Predict(dense, batch, Rows);

        var single = new float[Rows * 2];
        for (int r = 0; r < Rows; r++) network.Predict(dense.AsSpan(r * features, features), single.AsSpan(r * 2, 2), 1);

        single.Select(BitConverter.SingleToUInt32Bits).ShouldBe(batch.Select(BitConverter.SingleToUInt32Bits));
        float.IsNaN(single[4]).ShouldBeTrue();
        single.Count(float.IsNaN).ShouldBe(2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardSkippingZeros_OneRow_ForwardsBits(bool accumulate)
    {
        var network = Network(Activation.Tanh, settings: Mixed());
        var part = Part(network);
        int units = network.Input.Layer.OutputSize;
        // The pass-through slot (1) at 0 and not; a NaN and infinities embedded and passed through.
        float[][] rows = [[0.3f, 0f, -1.2f], [2f, -0f, 0.1f], [-0.4f, 1.5f, 0.7f], [float.NaN, 0f, 1f], [0.5f, float.PositiveInfinity, float.NegativeInfinity]];
        var start = TestData.Normal(units, 5);
        int skipped = 0;
        foreach (var row in rows)
        {
            var input = InputView.OfDense(row, 1);
            var expected = start.ToArray();
            part.Forward(input, network.Input.WeightRows(0), expected, units, accumulate, 1, new float[part.ScratchPerRow]);
            var actual = start.ToArray();
            var scratch = new float[part.ScratchPerRow];

            part.ForwardSkippingZeros(input, network.Input.WeightRows(0), actual, units, accumulate, scratch);

            actual.Select(BitConverter.SingleToUInt32Bits).ShouldBe(expected.Select(BitConverter.SingleToUInt32Bits), string.Join(", ", row));
            skipped += scratch.AsSpan(scratch.Length - 2 * 3 - 9, 9).Count(0f); // E's zeros: what the product skipped
        }
        skipped.ShouldBeGreaterThan(0);
        Should.Throw<ArgumentException>(() => part.ForwardSkippingZeros(InputView.OfDense(new float[2 * Features], 2), network.Input.WeightRows(0),
            new float[2 * units], units, accumulate, new float[2 * part.ScratchPerRow]));
    }

    [Fact]
    public void Forward_SameValues_EqualsTheFormulaInDouble()
    {
        var network = Network(Activation.Tanh);
        var part = Part(network);
        var dense = TestData.Normal(Rows * Features, 8, scale: 3f);
        var parameters = part.Parameters.Select(p => p.Values.Select(v => (double)v).ToArray()).ToArray();
        var workspace = new Workspace(network, Rows);
        network.Forward(workspace, InputView.OfDense(dense, Rows), training: false, null, 1);

        // E, by the formula: ReLU(Σ_q v_q·L_qi + B_i) with v = [sin(2π c x), cos(2π c x)], row by row.
        var c = part.Frequencies.Values;
        for (int r = 0; r < Rows; r++)
        {
            var expanded = new double[Features * 4];
            part.Expand(InputView.OfDense(dense, Rows), r, parameters, expanded);
            for (int j = 0; j < Features; j++)
            {
                double x = dense[r * Features + j];
                double[] v = [.. Enumerable.Range(0, 3).Select(m => Math.Sin(2 * Math.PI * c[j * 3 + m] * x)),
                    .. Enumerable.Range(0, 3).Select(m => Math.Cos(2 * Math.PI * c[j * 3 + m] * x))];
                for (int i = 0; i < 4; i++)
                {
                    double h = part.Biases.Values[j * 4 + i] + Enumerable.Range(0, 6).Sum(q => v[q] * part.Weights.Values[(j * 6 + q) * 4 + i]);
                    expanded[j * 4 + i].ShouldBe(Math.Max(0, h), 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Initialize_FrequenciesAtTheScaleAndLinearLayersWithinTheirBound()
    {
        var part = Part(Network(Activation.Tanh, settings: new PeriodicFeatures(40, frequencies: 50, width: 4, scale: 0.2f)));

        var c = part.Frequencies.Values.Select(v => (double)v).ToArray();
        double sd = Math.Sqrt(c.Sum(v => v * v) / c.Length);
        sd.ShouldBe(0.2, 0.01); // 2,000 draws of N(0, 0.2²)
        double bound = 1 / Math.Sqrt(100);
        part.Weights.Values.ShouldAllBe(w => Math.Abs(w) <= bound);
        part.Biases.Values.ShouldAllBe(b => Math.Abs(b) <= bound);
        part.Weights.Values.Max().ShouldBeGreaterThan((float)(0.9 * bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_AnyThreadCount_BitIdentical(bool mixed)
    {
        // 300 rows and 40 features: products large enough for Gemm to split them; mixed: every third slot passes through.
        const int rows = 300, features = 40;
        var settings = new PeriodicFeatures(features, frequencies: 16, width: 8, scale: 0.3f,
            embedded: mixed ? Enumerable.Range(0, features).Where(f => f % 3 != 0).ToArray() : null);
        var dense = TestData.Normal(rows * features, 9);
        float[][] Gradients(int threads) => InputPartGradients.Of(InputPartDescription.Periodic(settings), dense, rows, threads);

        var one = Gradients(1);
        var four = Gradients(4);

        for (int p = 0; p < one.Length; p++) four[p].ShouldBe(one[p]);
        one[0].ShouldContain(g => g != 0f); // the frequencies did get a gradient
    }

    [Fact]
    public void FoldFeatureScaling_ScoresRawRowsAsTheStandardisedRowsScored()
    {
        var network = Network(Activation.Tanh);
        var raw = TestData.Normal(Rows * Features, 10, scale: 50f);
        float[] offsets = [100f, -3f, 0.25f], inverse = [0.02f, 4f, 1f];
        var standardised = raw.ToArray();
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Features; j++) standardised[r * Features + j] = (raw[r * Features + j] - offsets[j]) * inverse[j];
        var before = new float[Rows * 2];
        network.Predict(standardised, before, Rows);

        network.Input.FoldFeatureScaling(offsets, inverse);
        var after = new float[Rows * 2];
        network.Predict(raw, after, Rows);

        after.ShouldBe(before); // bit for bit: the same float operations, now inside the part
        network.Input.Describe()[0].PeriodicSettings!.Offsets.ShouldBe(offsets);
        network.Clone().Input.Describe()[0].PeriodicSettings!.InverseScales.ShouldBe(inverse);
        Should.Throw<InvalidOperationException>(() => network.Input.FoldFeatureScaling(offsets, inverse)).Message.ShouldContain("already");
    }

    [Fact]
    public void FoldFeatureScaling_MixedMask_EmbeddedSlotsKeepTheMapThePassThroughSlotIsFoldedIntoW()
    {
        var network = Network(Activation.Tanh, settings: Mixed());
        var raw = TestData.Normal(Rows * Features, 10, scale: 50f);
        float[] offsets = [100f, -3f, 0.25f], inverse = [0.02f, 4f, 1.5f];
        var standardised = raw.ToArray();
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Features; j++) standardised[r * Features + j] = (raw[r * Features + j] - offsets[j]) * inverse[j];
        var before = new float[Rows * 2];
        network.Predict(standardised, before, Rows);
        var passRow = network.Layers[0].WeightParameter.Values.AsSpan(8 * 5, 5).ToArray();

        network.Input.FoldFeatureScaling(offsets, inverse);
        var after = new float[Rows * 2];
        network.Predict(raw, after, Rows);

        for (int i = 0; i < after.Length; i++) after[i].ShouldBe(before[i], 1e-5f);
        var settings = network.Input.Describe()[0].PeriodicSettings!;
        settings.Offsets.ShouldBe([100f, 0.25f]); // slots 0 and 2
        settings.InverseScales.ShouldBe([0.02f, 1.5f]);
        settings.Embedded.ShouldBe([0, 2]);
        network.Layers[0].WeightParameter.Values.AsSpan(8 * 5, 5).ToArray().ShouldBe(passRow.Select(w => w * 4f).ToArray());
    }

    [Fact]
    public void Bounds_MixedMask_GrowWithThePassThroughValues()
    {
        var network = Network(Activation.Tanh, settings: Mixed());

        var small = network.Input.Bounds(1.0);
        var large = network.Input.Bounds(1000.0);

        for (int u = 0; u < small.Length; u++) large[u].ShouldBeGreaterThan(small[u]);
    }

    [Fact]
    public void Clone_SharesTheSettings_ScoresAlike()
    {
        var network = Network(Activation.Tanh);
        var dense = TestData.Normal(Rows * Features, 5);

        var copy = network.Clone();

        copy.Input.Describe()[0].PeriodicSettings.ShouldBeSameAs(network.Input.Describe()[0].PeriodicSettings);
        copy.Forward(new Workspace(copy, Rows), InputView.OfDense(dense, Rows), false, null, 1).ToArray()
            .ShouldBe(network.Forward(new Workspace(network, Rows), InputView.OfDense(dense, Rows), false, null, 1).ToArray());
    }

    [Fact]
    public void Bounds_AnyFeatureValues_DoNotGrowWithThem()
    {
        var network = Network(Activation.Tanh);

        // sin and cos lie in [−1, 1] whatever the features.
        network.Input.Bounds(1e6).ShouldBe(network.Input.Bounds(1.0));
        network.Input.Bounds(1.0).ShouldAllBe(b => b > 0);
    }

    [Fact]
    public void Description_SettingsThatDoNotMatch_IsAProblem()
    {
        var settings = Settings();

        new InputPartDescription(InputKind.Periodic, Features, Features * 4).Problem().ShouldNotBeNull(); // no settings
        (InputPartDescription.Periodic(settings) with { Rows = Features * 4 + 1 }).Problem().ShouldNotBeNull();
        (InputPartDescription.Dense(3) with { PeriodicSettings = settings }).Problem().ShouldNotBeNull();
        InputPartDescription.Periodic(new PeriodicFeatures(Features, 0, 4, 0.1f)).Problem()!.ShouldContain("frequencies");
        InputPartDescription.Periodic(settings.WithMap([0f, 0f, 0f], [1f, 0f, 1f])).Problem()!.ShouldContain("scale");
        InputPartDescription.Periodic(settings).Problem().ShouldBeNull();
        InputPartDescription.Periodic(settings).OwnValues.ShouldBe(Features * (3 + 2 * 3 * 4 + 4));
        InputPartDescription.Periodic(Mixed()).OwnValues.ShouldBe(2 * (3 + 2 * 3 * 4 + 4));
        InputPartDescription.Periodic(Mixed()).Rows.ShouldBe(2 * 4 + 1);
        InputPartDescription.Periodic(new PeriodicFeatures(Features, 3, 4, 0.1f, embedded: [])).Problem()!.ShouldContain("embedded slots");
        InputPartDescription.Periodic(new PeriodicFeatures(Features, 3, 4, 0.1f, embedded: [2, 1])).Problem()!.ShouldContain("embedded slots");
        InputPartDescription.Periodic(new PeriodicFeatures(Features, 3, 4, 0.1f, embedded: [0, 3])).Problem()!.ShouldContain("embedded slots");
        InputPartDescription.Periodic(new PeriodicFeatures(Features, 3, 4, 0.1f, offsets: [0f, 0f, 0f], inverseScales: [1f, 1f, 1f], embedded: [0, 1]))
            .Problem()!.ShouldContain("2 embedded features");
    }
}
