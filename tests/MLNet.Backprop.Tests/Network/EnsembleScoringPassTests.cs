using Microsoft.ML;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network;

/// <summary>The ensemble's layers advanced together give each network's own bits (through the scorer:
/// BackpropScorerFactoryTests).</summary>
public class EnsembleScoringPassTests
{
    private const int Features = 6;

    private static NeuralNetwork[] Networks(int count, float dropout = 0f, Func<int, int[]>? hidden = null, Func<int, Activation>? activation = null,
        Func<int, float>? dropoutOf = null) =>
        Enumerable.Range(0, count).Select(n => NeuralNetwork.Create(new NetworkOptions
        {
            InputSize = Features, HiddenLayers = hidden?.Invoke(n) ?? [9, 21], OutputSize = 3, Activation = activation?.Invoke(n) ?? Activation.Tanh,
            Dropout = dropoutOf?.Invoke(n) ?? dropout,
            Seed = (ulong)(n + 1),
        })).ToArray();

    private static Workspace[] Workspaces(NeuralNetwork[] networks) => networks.Select(n => new Workspace(n, 1)).ToArray();

    [Theory]
    [InlineData(4, 0f)]
    [InlineData(5, 0.3f)] // a group of four and one network on its own; layers with dropout pass A on
    [InlineData(8, 0f)]
    public void Forward_AnyRow_EachNetworksOwnBits(int count, float dropout)
    {
        var networks = Networks(count, dropout);
        var pass = EnsembleScoringPass.For(networks, Workspaces(networks)).ShouldNotBeNull();
        var own = Workspaces(networks);
        var rows = TestData.Normal(7 * Features, 3, scale: 3f);
        rows[0] = -0f;
        rows[Features + 2] = 1e30f;
        rows[2 * Features + 1] = float.NaN;

        for (int r = 0; r < 7; r++)
        {
            var row = InputView.OfDense(rows.AsSpan(r * Features, Features), 1);
            pass.Forward(row, shared: null);
            for (int n = 0; n < count; n++)
            {
                var expected = networks[n].Forward(own[n], row, training: false, null, 1).ToArray();
                Bits(pass.Logits(n).ToArray()).ShouldBe(Bits(expected), $"row {r}, network {n}");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void Forward_NetworksOfOneShapeButOtherActivationsAndDropout_EachNetworksOwnBits(int count)
    {
        // One shape, so the layers run side by side; each network's activation and dropout its own (a model file can hold
        // such an ensemble): a group's products are shared, never its activations or the copy of A past the dropout.
        Activation[] kinds = [Activation.ReLU, Activation.Tanh, Activation.GELU, Activation.Sigmoid, Activation.ELU, Activation.LeakyReLU, Activation.Identity];
        var networks = Networks(count, activation: n => kinds[n % kinds.Length], dropoutOf: n => n % 2 == 0 ? 0f : 0.25f);
        var pass = EnsembleScoringPass.For(networks, Workspaces(networks)).ShouldNotBeNull();
        var own = Workspaces(networks);
        var rows = TestData.Normal(5 * Features, 9, scale: 2f);

        for (int r = 0; r < 5; r++)
        {
            var row = InputView.OfDense(rows.AsSpan(r * Features, Features), 1);
            pass.Forward(row, shared: null);
            for (int n = 0; n < count; n++)
                Bits(pass.Logits(n).ToArray()).ShouldBe(Bits(networks[n].Forward(own[n], row, training: false, null, 1).ToArray()), $"row {r}, network {n}");
        }
    }

    [Fact]
    public void Forward_TrainedEnsembleOfTheDefaultStage_EachNetworksBatchBits()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [16, 8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 5 })
            .Fit(Tabular.Load(ml, 300, 3)).Model;
        var networks = model.Networks.ToArray();
        var pass = EnsembleScoringPass.For(networks, Workspaces(networks)).ShouldNotBeNull();
        var shared = SharedEncodings.For(networks, 1).ShouldNotBeNull();
        int features = model.FeatureCount, rows = 40;
        var x = TestData.Normal(rows * features, 4, scale: 2f);
        var expected = networks.Select(n =>
        {
            var logits = new float[rows];
            n.Predict(x, logits, rows);
            return logits;
        }).ToArray();

        for (int r = 0; r < rows; r++)
        {
            shared.NewRows();
            pass.Forward(InputView.OfDense(x.AsSpan(r * features, features), 1), shared);
            for (int n = 0; n < networks.Length; n++)
                BitConverter.SingleToUInt32Bits(pass.Logits(n)[0]).ShouldBe(BitConverter.SingleToUInt32Bits(expected[n][r]), $"row {r}, network {n}");
        }
    }

    public sealed class MixedRow
    {
        [Microsoft.ML.Data.VectorType(MixedFeatures)]
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public string Class { get; set; } = "";
        public float Value { get; set; }
    }

    private const int MixedFeatures = 6;

    /// <summary>Two numbers, two 0/1 indicators (passed through by the periodic part, most often at their clip's
    /// median: zeros of its E), a count of three values and a number: a label of each task.</summary>
    private static List<MixedRow> MixedRows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float x0 = (float)(random.NextDouble() * 4 - 2), x1 = (float)(random.NextDouble() * 4 - 2), x4 = (float)random.NextDouble();
            float b2 = random.Next(5) == 0 ? 1f : 0f, b3 = random.Next(2), k5 = random.Next(3);
            float value = x0 * x1 + b2 - 0.5f * b3 + 0.3f * k5 + x4;
            return new MixedRow
            {
                Features = [x0, x1, b2, b3, x4, k5], Label = value > 0.3f, Value = 10f * value, Class = value < -0.5f ? "low" : value < 1f ? "mid" : "high",
            };
        }).ToList();
    }

    [Theory]
    [InlineData(BackpropTask.BinaryClassification, 4)]
    [InlineData(BackpropTask.BinaryClassification, 8)]
    [InlineData(BackpropTask.MulticlassClassification, 5)]
    [InlineData(BackpropTask.MulticlassClassification, 4)]
    [InlineData(BackpropTask.Regression, 8)]
    [InlineData(BackpropTask.Regression, 5)]
    public void Forward_DefaultStageWithIndicatorsAndEdgeValues_EachNetworksBatchBits(BackpropTask task, int count)
    {
        // The first layers' products skip the zeros of the bins and of the periodic part's E: the same bits as each
        // network's batch pass (a Gemm over every value), for indicators at and off their median, values at the clip's
        // centre, ±0, ±∞, NaN and huge ones.
        var ml = new MLContext(seed: 1);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [16, 8], NumberOfEpochs = 2, Seed = 3, EnsembleSize = count, Task = task,
            LabelColumnName = task == BackpropTask.Regression ? "Value" : "Label",
        };
        var data = ml.Data.LoadFromEnumerable(MixedRows(300, 1));
        var model = task switch
        {
            BackpropTask.BinaryClassification => ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model,
            BackpropTask.MulticlassClassification => ml.MulticlassClassification.Trainers.Backprop(options)
                .Fit(ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(data).Transform(data)).Model,
            _ => ml.Regression.Trainers.Backprop(options).Fit(data).Model,
        };
        var networks = model.Networks.ToArray();
        networks.Length.ShouldBe(count);
        var clip = networks[0].Input.Parts[1].ShouldBeOfType<ClippedFeaturesInput>().Description.Clip.ShouldNotBeNull();
        var pass = EnsembleScoringPass.For(networks, Workspaces(networks)).ShouldNotBeNull();
        var shared = SharedEncodings.For(networks, 1).ShouldNotBeNull();
        networks.Select((_, n) => shared.SkipsZeros(n, 1)).ShouldAllBe(s => s);
        var x = MixedRows(60, 2).SelectMany(r => r.Features).ToArray();
        float[] edges = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1e30f, -1e30f, float.Epsilon];
        for (int i = 0; i < edges.Length; i++) x[(3 * i + 1) * MixedFeatures + i % MixedFeatures] = edges[i];
        clip.Centers.CopyTo(x.AsSpan(40 * MixedFeatures, MixedFeatures)); // every clipped value 0
        int rows = x.Length / MixedFeatures, outputs = networks[0].OutputSize;
        var expected = networks.Select(n =>
        {
            var logits = new float[rows * outputs];
            n.Predict(x, logits, rows);
            return logits;
        }).ToArray();

        for (int r = 0; r < rows; r++)
        {
            shared.NewRows();
            pass.Forward(InputView.OfDense(x.AsSpan(r * MixedFeatures, MixedFeatures), 1), shared);
            for (int n = 0; n < networks.Length; n++)
                Bits(pass.Logits(n).ToArray()).ShouldBe(Bits(expected[n].AsSpan(r * outputs, outputs).ToArray()), $"row {r}, network {n}");
        }
    }

    [Fact]
    public void For_FewerThanFourNetworksOrLayersOfOtherShapes_Null()
    {
        var three = Networks(3);
        EnsembleScoringPass.For(three, Workspaces(three)).ShouldBeNull();
        var mixed = Networks(4, hidden: n => n == 2 ? [9, 22] : [9, 21]);
        EnsembleScoringPass.For(mixed, Workspaces(mixed)).ShouldBeNull();
        var batch = Networks(4);
        EnsembleScoringPass.For(batch, batch.Select(n => new Workspace(n, 2)).ToArray()).ShouldBeNull();
    }

    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();
}
