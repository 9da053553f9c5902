using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Errors blame what is actually wrong: a label far from unit scale, an extreme input at scoring, the single
/// row of a prediction engine (not a row number that is only the engine's call count).</summary>
public class ErrorMessageTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Fit_RegressionLabelsNear1e19_DivergenceMessageNamesTheLabelAndItsRange()
    {
        var rows = Tabular.Rows(200, 1);
        foreach (var row in rows) row.Value *= 1e19f;
        // Without the label standardisation (on by default, where labels of 1e19 train) such labels overflow.
        var options = new BackpropTrainer.Options { LabelColumnName = "Value", HiddenLayers = [8], NumberOfEpochs = 5, Seed = 1, Optimizer = OptimizerKind.Sgd, StandardizeLabel = false };

        var ex = Should.Throw<TrainingDivergedException>(() => new BackpropTrainer(_ml, options).Fit(_ml.Data.LoadFromEnumerable(rows)));

        ex.Message.ShouldContain("Label column 'Value'");
        ex.Message.ShouldContain("E+19");
        ex.Message.ShouldContain("standardise");
    }

    private (BackpropTransformer Model, IDataView Data) Trained()
    {
        var data = Tabular.Load(_ml, 200, 1);
        // ReLU passes an extreme input on to the output (tanh, the default, would saturate it to a finite score).
        return (new BackpropTrainer(_ml, new BackpropTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, Activation = Activation.ReLU, EnsembleSize = 1,
            NumericEncoding = NumericEncoding.None, // the default stage's robust clip bounds an extreme input: the plain one passes it on
        }).Fit(data), data);
    }

    [Fact]
    public void Transform_FiniteInputOf3e38_MessageNamesTheInputNotTheParameters()
    {
        var (model, _) = Trained();
        var rows = Tabular.Rows(5, 2);
        rows[3].Features[2] = 3e38f;
        rows[3].Features[1] = -3e38f;

        var ex = Should.Throw<InvalidOperationException>(() => model.Transform(_ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray());

        ex.Message.ShouldContain("slot 1");
        ex.Message.ShouldContain("row 3 (counting from 0)");
        ex.Message.ShouldNotContain("parameters");
    }

    [Fact]
    public void Fit_NaNFeatureInTheFourthRow_NamesRow3CountingFromZero()
    {
        var rows = Tabular.Rows(20, 1);
        rows[3].Features[0] = float.NaN;

        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 1, Seed = 1 })
            .Fit(_ml.Data.LoadFromEnumerable(rows)));

        ex.Message.ShouldContain("at slot 0 in row 3 (counting from 0)");
    }

    [Fact]
    public void PredictionEngine_NaNFeatureAfterSomeCalls_DoesNotCallTheCallCountARow()
    {
        var (model, _) = Trained();
        var engine = _ml.Model.CreatePredictionEngine<TabularRow, Prediction>(model);
        var good = Tabular.Rows(3, 2);
        foreach (var row in good) engine.Predict(row);
        var bad = Tabular.Rows(1, 3)[0];
        bad.Features[2] = float.NaN;

        var ex = Should.Throw<InvalidDataException>(() => engine.Predict(bad));

        ex.Message.ShouldContain("slot 2");
        ex.Message.ShouldContain("the row being predicted");
        ex.Message.ShouldNotContain("at row");
    }

    [Fact]
    public void PredictionEngine_ExtremeInput_NamesTheSlotOfTheRowBeingPredicted()
    {
        var (model, _) = Trained();
        var engine = _ml.Model.CreatePredictionEngine<TabularRow, Prediction>(model);
        var bad = Tabular.Rows(1, 3)[0];
        bad.Features[1] = -3e38f;
        bad.Features[2] = 3e38f;

        var ex = Should.Throw<InvalidOperationException>(() => engine.Predict(bad));

        ex.Message.ShouldContain("slot 1");
        ex.Message.ShouldContain("the row being predicted");
    }

    public sealed class Prediction
    {
        public float Score { get; set; }
    }
}
