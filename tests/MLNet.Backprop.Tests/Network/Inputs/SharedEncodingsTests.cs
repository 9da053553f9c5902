using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>Which encodings the networks of an ensemble share when scoring (the bits they give: BackpropScorerFactoryTests).</summary>
public class SharedEncodingsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static readonly IDataView Data = Tabular.Load(Ml, 300, 3);

    private static BackpropModel Fit(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 3 };
        set?.Invoke(options);
        return Ml.BinaryClassification.Trainers.Backprop(options).Fit(Data).Model;
    }

    [Fact]
    public void For_DefaultStageEnsemble_SharesBinsAndClipOfEveryNetwork()
    {
        var model = Fit();

        var shared = SharedEncodings.For(model.Networks, 1).ShouldNotBeNull();
        for (int n = 0; n < model.Networks.Count; n++)
            for (int p = 0; p < model.Networks[n].Input.Parts.Count; p++) shared.Shares(n, p).ShouldBeTrue($"network {n}, part {p}");
    }

    [Fact]
    public void For_LoadedEnsembleOfEqualCopies_SharesThemToo()
    {
        var model = Fit();
        var loaded = SavedAndLoaded.ModelOf(SavedAndLoaded.Reload(Ml, new TransformerChain<ITransformer>(new BackpropTransformer(model, "Features")), Data.Schema));
        ReferenceEquals(loaded.Networks[0].Input.Parts[0].Description.Bins, loaded.Networks[1].Input.Parts[0].Description.Bins).ShouldBeFalse();

        var shared = SharedEncodings.For(loaded.Networks, 1).ShouldNotBeNull();

        shared.Shares(1, 0).ShouldBeTrue();
        shared.Shares(1, 1).ShouldBeTrue();
    }

    [Fact]
    public void TryForwardSkippingZeros_BinsOfFiniteWeights_GemmsBitsElseDeclines()
    {
        var model = Fit();
        var network = model.Networks[1];
        int units = network.Input.Layer.OutputSize;
        var row = new float[model.FeatureCount];
        row[0] = 0.3f;
        var input = InputView.OfDense(row, 1);
        var shared = SharedEncodings.For(model.Networks, 1)!;
        shared.NewRows();
        var encoded = shared.Encoding(1, 0, (IFixedEncodingPart)network.Input.Parts[0], input).ToArray();
        var expected = new float[units];
        MLNet.Backprop.Numerics.Gemm.Multiply(encoded, false, network.Input.WeightRows(0), false, expected, 1, units, encoded.Length, accumulate: false);
        var actual = new float[units];

        shared.TryForwardSkippingZeros(1, 0, encoded, network.Input.WeightRows(0), actual, units, accumulate: false).ShouldBeTrue();
        actual.ShouldBe(expected);
        shared.TryForwardSkippingZeros(1, 0, encoded, network.Input.WeightRows(0), actual, units, accumulate: true).ShouldBeFalse();
        network.Input.Layer.WeightParameter.Values[0] = float.PositiveInfinity; // 0·∞ is NaN: skipping would lose it
        var withInfinity = SharedEncodings.For(model.Networks, 1)!;
        withInfinity.NewRows();
        withInfinity.Encoding(1, 0, (IFixedEncodingPart)network.Input.Parts[0], input);
        withInfinity.TryForwardSkippingZeros(1, 0, encoded, network.Input.WeightRows(0), actual, units, accumulate: false).ShouldBeFalse();
    }

    [Fact]
    public void SkipsZeros_OneRowAndFiniteRowsOfW_OnlyThen()
    {
        var model = Fit();
        var network = model.Networks[2];
        network.Input.Parts[1].ShouldBeOfType<ClippedFeaturesInput>().Inner.ShouldBeOfType<PeriodicInput>();
        var shared = SharedEncodings.For(model.Networks, 1).ShouldNotBeNull();
        for (int n = 0; n < model.Networks.Count; n++)
            for (int p = 0; p < 2; p++) shared.SkipsZeros(n, p).ShouldBeTrue($"network {n}, part {p}");
        SharedEncodings.For(model.Networks, 2).ShouldNotBeNull().SkipsZeros(2, 1).ShouldBeFalse(); // batches of rows: Gemm

        int firstPeriodicRow = network.Input.Parts[0].Description.Rows;
        network.Input.Layer.WeightParameter.Values[firstPeriodicRow * network.Input.Layer.OutputSize + 3] = float.NaN; // 0·NaN is NaN
        var withNaN = SharedEncodings.For(model.Networks, 1).ShouldNotBeNull();

        withNaN.SkipsZeros(2, 1).ShouldBeFalse();
        withNaN.SkipsZeros(2, 0).ShouldBeTrue();
        withNaN.SkipsZeros(1, 1).ShouldBeTrue();
    }

    [Fact]
    public void For_OneNetworkOrNoEncoding_Null()
    {
        SharedEncodings.For(Fit(o => o.EnsembleSize = 1).Networks, 1).ShouldBeNull();
        SharedEncodings.For(Fit(o => o.NumericEncoding = NumericEncoding.None).Networks, 1).ShouldBeNull();
    }
}
