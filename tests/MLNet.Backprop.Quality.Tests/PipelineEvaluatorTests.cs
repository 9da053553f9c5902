using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Tests;

/// <summary>The binary metrics the quality tool records, on test rows a model cannot tell apart.</summary>
public sealed class PipelineEvaluatorTests
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [Fact]
    public void Evaluate_BinaryTestRowsWithIdenticalFeaturesPositivesFirst_PrAucIsThePositiveShareNotOne()
    {
        // Every test row has the same features, so any model gives them one score. Before: ML.NET's PR-AUC walked the
        // tied rows in row order and recorded a perfect 1 for the positives first.
        var ml = new MLContext(0);
        var random = new Random(3);
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ =>
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble();
            return new Row { Features = [a, b], Label = a + b > 1 };
        }).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 16).Select(i => new Row { Features = [0.4f, 0.7f], Label = i < 4 }).ToList());
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(ColumnNames.Label, "Features").Fit(train);

        var metrics = PipelineEvaluator.Evaluate(ml, model, test, TaskKind.Binary);

        metrics[Metric.PrAuc.Key].ShouldBe(0.25);
        metrics[Metric.Auc.Key].ShouldBe(0.5);
    }
}
