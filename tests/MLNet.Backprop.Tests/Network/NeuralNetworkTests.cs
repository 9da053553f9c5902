using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network;

/// <summary>The public <see cref="MLNet.Backprop.Network.NeuralNetwork.Predict"/> (and <see cref="GradientCheck.Run(MLNet.Backprop.Network.NeuralNetwork, LossFunction, ReadOnlySpan{float}, ReadOnlySpan{float}, int, ReadOnlySpan{float}, GradientCheckOptions?)"/>)
/// take rows of dense features: a network that reads a sparse block or categorical keys is refused naming its input,
/// and sizes are checked without overflow.</summary>
public class NeuralNetworkTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Predict_SparseInputNetwork_ThrowsNotSupportedNamingTheInputAndTheTransformer()
    {
        var model = new BackpropTrainer(_ml, new BackpropTrainer.Options { SparseInput = true, HiddenLayers = [4], NumberOfEpochs = 1 }).Fit(Tabular.Load(_ml, 40, 1));
        // Before: ArgumentException "0 offsets for 1 rows" naming 'offsets', a parameter of the internal sparse product.
        var e = Should.Throw<NotSupportedException>(() => model.Model.Network.Predict(new float[4], new float[1], 1));
        e.Message.ShouldContain("a sparse block of 4 slots");
        e.Message.ShouldContain("BackpropTransformer");
    }

    [Fact]
    public void PredictAndGradientCheck_NetworkWithCategoricalKeys_ThrowNotSupportedNamingTheKeys()
    {
        var data = KeyedRows.Mapped(_ml, KeyedRows.Make(60, 1));
        var network = new BackpropTrainer(_ml, KeyedRows.Options(["UserKey"], epochs: 1)).Fit(data).Model.Network;
        // Before: "features holds 1 values; 1 rows × N inputs" with N counting the embedding table's width.
        Should.Throw<NotSupportedException>(() => network.Predict(new float[1], new float[1], 1)).Message.ShouldContain("1 categorical keys");
        Should.Throw<NotSupportedException>(() => GradientCheck.Run(network, LossFunction.MeanSquaredError, new float[1], new float[1], 1))
            .Message.ShouldContain("GradientCheck.Run takes rows of dense features");
    }

    [Fact]
    public void Predict_RowsTimesWidthBeyondInt_ThrowsNamingTheSizesInsteadOfOverflowing()
    {
        // Two classes give two outputs: int.MaxValue × 2 wrapped to −2 in 32 bits and passed the logits check, and
        // int.MaxValue × 4 features to −4, so the call failed inside Span.Slice.
        var rows = Tabular.Rows(60, 1);
        var data = _ml.Transforms.Conversion.MapValueToKey("Key", nameof(TabularRow.Label))
            .Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));
        var network = new BackpropTrainer(_ml, new BackpropTrainer.Options { LabelColumnName = "Key", NumberOfEpochs = 1, NumericEncoding = NumericEncoding.None })
            .Fit(data).Model.Network;
        network.OutputSize.ShouldBe(2);
        var e = Should.Throw<ArgumentException>(() => network.Predict(new float[8], new float[4], int.MaxValue));
        e.ParamName.ShouldBe("features");
        e.Message.ShouldContain($"{4L * int.MaxValue} expected");
    }

    [Fact]
    public void Predict_DenseNetwork_ScoresAsTheTransformer()
    {
        var data = Tabular.Load(_ml, 40, 1);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [4], NumberOfEpochs = 1, NumericEncoding = NumericEncoding.None, StandardizeFeatures = false, EnsembleSize = 1,
            Calibration = ProbabilityCalibration.None,
        };
        var model = new BackpropTrainer(_ml, options).Fit(data);
        var features = Tabular.Rows(40, 1).SelectMany(r => r.Features).ToArray();
        var logits = new float[40];
        model.Model.Network.Predict(features, logits, 40);
        logits.ShouldBe(model.Transform(data).GetColumn<float>("Score").ToArray());
    }
}
