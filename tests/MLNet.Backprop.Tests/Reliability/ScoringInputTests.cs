using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Bad data at scoring time gets a specific error, never NaN scores or an index/null exception.</summary>
public class ScoringInputTests
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly BackpropTransformer _model;

    public ScoringInputTests() =>
        _model = new BackpropTrainer(_ml, new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1 }).Fit(Tabular.Load(_ml, 100, 1));

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Transform_NonFiniteFeature_ThrowsNamingColumnRowAndSlot(float bad)
    {
        var rows = Tabular.Rows(10, 2);
        rows[6].Features[1] = bad;
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        var ex = Should.Throw<InvalidDataException>(() => scored.GetColumn<float>("Probability").ToArray());
        ex.Message.ShouldContain("'Features'");
        ex.Message.ShouldContain("6");
        ex.Message.ShouldContain("ReplaceMissingValues");
    }

    [Fact]
    public void Transform_HugeFeature_GivesFiniteOrClearError()
    {
        var rows = Tabular.Rows(5, 2);
        rows[2].Features[0] = 1e30f;
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        try
        {
            scored.GetColumn<float>("Probability").ShouldAllBe(p => !float.IsNaN(p));
        }
        catch (InvalidOperationException e)
        {
            e.Message.ShouldNotBeNullOrWhiteSpace();
        }
    }

    /// <summary>An ensemble of four or more networks (its layers after the first scored side by side) whose output a huge
    /// feature overflows: the error names the input, on the PredictionEngine and on Transform, as a one-network model does.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void PredictionEngineAndTransform_FeatureOverflowingAnEnsembleOfFourOrMore_ThrowNamingTheInput(int networks)
    {
        var model = new BackpropTrainer(_ml, new BackpropTrainer.Options
        {
            HiddenLayers = [16, 8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = networks, NumericEncoding = NumericEncoding.None,
            Activation = Activation.ReLU, RecordDiagnostics = false,
        }).Fit(Tabular.Load(_ml, 100, 1));
        var rows = Tabular.Rows(5, 2);
        foreach (int slot in new[] { 0, 1 }) rows[3].Features[slot] = slot == 1 ? 3e38f : -3e38f;

        var scored = model.Transform(_ml.Data.LoadFromEnumerable(rows));
        var batch = Should.Throw<InvalidOperationException>(() => scored.GetColumn<float>("Probability").ToArray());
        var engine = _ml.Model.CreatePredictionEngine<TabularRow, Probability>(model);
        var single = Should.Throw<InvalidOperationException>(() => engine.Predict(rows[3]));

        batch.Message.ShouldContain("feature column 'Features' holds -3E+38 in slot 0");
        batch.Message.ShouldContain("row 3");
        single.Message.ShouldContain("in the row being predicted: feature column 'Features' holds -3E+38 in slot 0");
        engine.Predict(rows[2]).Value.ShouldBeInRange(0f, 1f); // the engine scores the next row as if nothing happened
    }

    public sealed class Probability
    {
        [ColumnName("Probability")]
        public float Value { get; set; }
    }

    [Fact]
    public void Transform_FeatureVectorOfOtherSize_ThrowsNamingSizes()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new Wide { Features = new float[7] } });
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => _model.Transform(data));
        ex.Message.ShouldContain("'Features'");
        ex.Message.ShouldContain("4");
        ex.Message.ShouldContain("7");
    }

    [Fact]
    public void Transform_MissingFeatureColumn_ThrowsNamingColumn()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } });
        Should.Throw<ArgumentOutOfRangeException>(() => _model.Transform(data)).Message.ShouldContain("'Features'");
    }

    [Fact]
    public void PredictionEngine_MissingFeatureColumn_ThrowsNamingColumn()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => _ml.Model.CreatePredictionEngine<NoFeatures, Output>(_model)).Message.ShouldContain("'Features'");
    }

    [Fact]
    public void Multiclass_UnseenLabelKeyAtScoring_ScoresAndEvaluates()
    {
        // The label is not read when scoring; a class unseen in training only matters to the evaluator.
        var ml = new MLContext(seed: 1);
        var mapper = ml.Transforms.Conversion.MapValueToKey("Key", "Class").Fit(Tabular.Load(ml, 300, 1));
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { LabelColumnName = "Key", HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1 })
            .Fit(mapper.Transform(Tabular.Load(ml, 300, 1)));
        var rows = Tabular.Rows(20, 3);
        rows[0].Class = "Unseen";
        var scored = model.Transform(mapper.Transform(ml.Data.LoadFromEnumerable(rows)));
        scored.GetColumn<float[]>("Score").ShouldAllBe(s => s.All(float.IsFinite) && Math.Abs(s.Sum() - 1) < 1e-5);
        Should.NotThrow(() => ml.MulticlassClassification.Evaluate(scored, labelColumnName: "Key"));
    }

    public sealed class Wide
    {
        [VectorType(7)]
        public float[] Features { get; set; } = [];
    }

    public sealed class NoFeatures
    {
        public float Other { get; set; }
    }

    public sealed class Output
    {
        public float Probability { get; set; }
    }
}
