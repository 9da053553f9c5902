using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Scoring;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.Integration.TestDoubles;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration;

/// <summary>The plumbing inside real ML.NET pipelines: Fit, Evaluate, PredictionEngine, downstream transforms.</summary>
public class PipelineTests
{
    private readonly MLContext _ml = new(seed: 0);

    [Fact]
    public void BinaryEvaluate_ScoredView_ReturnsHighAuc()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Binary());

        var metrics = _ml.BinaryClassification.Evaluate(new LinearEstimator(PredictionKind.BinaryClassification).Fit(data).Transform(data));

        metrics.AreaUnderRocCurve.ShouldBeGreaterThan(0.95);
        metrics.Accuracy.ShouldBeGreaterThan(0.85);
    }

    [Fact]
    public void MulticlassEvaluate_ScoredView_ReportsAccuracyWithClassNames()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Multiclass());
        var model = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new LinearEstimator(PredictionKind.MulticlassClassification))
            .Fit(data);

        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(data));

        metrics.MicroAccuracy.ShouldBeGreaterThan(0.9);
        metrics.ConfusionMatrix.NumberOfClasses.ShouldBe(3);
    }

    [Fact]
    public void RegressionEvaluate_ScoredView_ReturnsHighRSquared()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Regression());

        var metrics = _ml.Regression.Evaluate(
            new LinearEstimator(PredictionKind.Regression, regressionWeights: PlumbingData.RegressionWeights).Fit(data).Transform(data));

        metrics.RSquared.ShouldBeGreaterThan(0.99);
    }

    [Fact]
    public void EstimatorChainFit_MulticlassFollowedByMapKeyToValue_MapsBackToClassNames()
    {
        var rows = PlumbingData.Multiclass();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new LinearEstimator(PredictionKind.MulticlassClassification))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));

        // Fit propagates SchemaShapes through the whole chain first: MapKeyToValue needs KeyValues promised.
        var shape = pipeline.GetOutputSchema(SchemaShapes.FromSchema(data.Schema));
        var predicted = pipeline.Fit(data).Transform(data).GetColumn<string>("PredictedClass").ToArray();

        SchemaShapes.TryFind(shape, "PredictedClass", out _).ShouldBeTrue();
        predicted.Zip(rows, (p, r) => p == r.Label).Count(ok => ok).ShouldBeGreaterThan(rows.Count * 9 / 10);
    }

    [Fact]
    public void EstimatorGetOutputSchema_MatchesTransformedSchema()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Binary());
        var estimator = new LinearEstimator(PredictionKind.BinaryClassification);

        var shape = estimator.GetOutputSchema(SchemaShapes.FromSchema(data.Schema));
        var schema = estimator.Fit(data).Transform(data).Schema;

        shape.Select(c => c.Name).ShouldBe(schema.Select(c => c.Name));
        SchemaShapes.FromSchema(schema).Select(SchemaShapes.Describe).ShouldBe(shape.Select(SchemaShapes.Describe));
    }

    [Fact]
    public void EstimatorChainFit_LabelOfWrongType_ThrowsArgumentOutOfRangeBeforeTraining()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Multiclass());
        var pipeline = _ml.Transforms.NormalizeMinMax("Features").Append(new LinearEstimator(PredictionKind.BinaryClassification));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => pipeline.Fit(data));

        e.ParamName.ShouldBe("label");
        e.Message.ShouldStartWith("Schema mismatch for label column 'Label': expected Boolean, got String");
    }

    [Fact]
    public void PredictionEngine_Binary_PredictsEachRowLikeTheModel()
    {
        var rows = PlumbingData.Binary();
        var model = new LinearEstimator(PredictionKind.BinaryClassification).Fit(_ml.Data.LoadFromEnumerable(rows));
        var engine = _ml.Model.CreatePredictionEngine<BinaryRow, BinaryPrediction>(model);

        foreach (var row in rows.Take(10))
        {
            var p = engine.Predict(row);
            float logit = model.Model.Expected(row.Features)[0];
            p.Score.ShouldBe(logit);
            p.Probability.ShouldBe(ScalarMath.Sigmoid(logit));
            p.PredictedLabel.ShouldBe(logit > 0);
        }
    }

    [Fact]
    public void PredictionEngine_MulticlassWithMapKeyToValue_ReturnsClassName()
    {
        var rows = PlumbingData.Multiclass();
        var model = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new LinearEstimator(PredictionKind.MulticlassClassification))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
            .Fit(_ml.Data.LoadFromEnumerable(rows));
        var engine = _ml.Model.CreatePredictionEngine<MulticlassRow, MulticlassPrediction>(model);

        var predictions = rows.Take(30).Select(r => engine.Predict(r)).ToList();

        predictions.Zip(rows, (p, r) => p.PredictedClass == r.Label).Count(ok => ok).ShouldBeGreaterThan(25);
        predictions.ShouldAllBe(p => p.Score.Length == 3 && Math.Abs(p.Score.Sum() - 1f) < 1e-5f);
        predictions.Select(p => p.PredictedClass).Distinct().Count().ShouldBe(3);
    }
}
