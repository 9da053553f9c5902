using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNet.Backprop.Onnx.Saving;

/// <summary>
/// ML.NET's scalar prediction columns from a one-slot vector, with public API only. OnnxTransformer can only produce
/// vector columns, no public transform turns a vector into a scalar, and ML.NET's prediction transformers have internal
/// constructors; so a linear trainer is trained on two crafted rows (x = 1 → positive, x = −1 → negative) until its model
/// is exactly w = [1], b = 0, which passes every score through unchanged (1·x + 0 is exact in IEEE arithmetic). The
/// weights are checked through the public model, and saving fails rather than writing a head that is not the identity.
/// </summary>
internal static class IdentityHeads
{
    // One perceptron/gradient step from w = 0 with these rates gives w = 1 exactly for ML.NET 5.0.1 (0.5 and 0.25
    // measured); the others are tried should a later ML.NET change the update's scale by a power of two.
    private static readonly float[] PerceptronRates = [0.5f, 1f, 0.25f, 0.125f, 2f];
    private static readonly float[] GradientRates = [0.25f, 0.5f, 0.125f, 1f, 0.0625f];

    /// <summary>Score = x, PredictedLabel = x &gt; 0 (a BinaryPredictionTransformer).</summary>
    public static ITransformer Binary(MLContext ml, string column)
    {
        var rows = Rows(ml, column, new BinaryRow { X = [1f], Label = true }, new BinaryRow { X = [-1f], Label = false });
        foreach (float rate in PerceptronRates)
        {
            var head = ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = column, Averaged = false, LearningRate = rate, NumberOfIterations = 1,
                Shuffle = false, DecreaseLearningRate = false, InitialWeightsDiameter = 0, L2Regularization = 0,
            }).Fit(rows);
            if (IsIdentity(head.Model.Weights, head.Model.Bias)) return head;
        }
        throw NotExact("AveragedPerceptron");
    }

    /// <summary>Score = x (a RegressionPredictionTransformer).</summary>
    public static ITransformer Regression(MLContext ml, string column)
    {
        var rows = Rows(ml, column, new RegressionRow { X = [1f], Label = 1f }, new RegressionRow { X = [-1f], Label = -1f });
        foreach (float rate in GradientRates)
        {
            var head = ml.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = column, Averaged = false, LearningRate = rate, NumberOfIterations = 1,
                Shuffle = false, DecreaseLearningRate = false, InitialWeightsDiameter = 0, L2Regularization = 0,
            }).Fit(rows);
            if (IsIdentity(head.Model.Weights, head.Model.Bias)) return head;
        }
        throw NotExact("OnlineGradientDescent");
    }

    private static IDataView Rows<T>(MLContext ml, string column, params T[] rows) where T : class
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.CopyColumns(column, "X").Fit(data).Transform(data);
    }

    private static bool IsIdentity(IReadOnlyList<float> weights, float bias) => weights is [1f] && bias == 0f;

    private static InvalidOperationException NotExact(string trainer) => new(
        $"This version of ML.NET does not train {trainer} to the exact identity (w = 1, b = 0) that ml.Model.Save support of " +
        "MLNet.Backprop.Onnx relies on; save with ml.Model.SaveBackprop or export with ml.Model.ConvertToOnnxBackprop instead.");

    private sealed class BinaryRow
    {
        [VectorType(1)]
        public float[] X { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class RegressionRow
    {
        [VectorType(1)]
        public float[] X { get; set; } = [];

        public float Label { get; set; }
    }
}
