using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

/// <summary>
/// Test-only estimator: a nearest-centroid classifier (binary: logit = (c1 - c0)·x - (|c1|² - |c0|²)/2; multiclass:
/// softmax of cₖ·x - |cₖ|²/2) or, for regression, fixed weights. Enough to exercise Fit-time validation and class names.
/// </summary>
internal sealed class LinearEstimator(PredictionKind kind, string featureColumnName = "Features", string labelColumnName = "Label",
    float[]? regressionWeights = null, string? weightColumnName = null) : IEstimator<LinearTransformer>
{
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaValidation.CheckFeatureColumn(inputSchema, featureColumnName);
        var label = SchemaValidation.CheckLabelColumn(inputSchema, labelColumnName, kind);
        SchemaValidation.CheckWeightColumn(inputSchema, weightColumnName);
        return SchemaShapes.Output(inputSchema, kind, SchemaShapes.HasKeyValues(label));
    }

    public LinearTransformer Fit(IDataView input)
    {
        var features = SchemaValidation.CheckFeatureColumn(input.Schema, featureColumnName);
        var label = SchemaValidation.CheckLabelColumn(input.Schema, labelColumnName, kind);
        int d = ((VectorDataViewType)features.Type).Size;
        if (kind == PredictionKind.Regression)
        {
            var w = new float[1, d];
            for (int i = 0; i < d; i++)
                w[0, i] = regressionWeights![i];
            return new LinearTransformer(featureColumnName, new LinearScorerFactory(kind, w, [0f]));
        }

        int classes = kind == PredictionKind.BinaryClassification ? 2 : (int)((KeyDataViewType)label.Type).Count;
        var sums = new double[classes, d];
        var counts = new int[classes];
        using (var cursor = input.GetRowCursor([features, label]))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var getClass = ClassGetter(cursor, label);
            VBuffer<float> x = default;
            while (cursor.MoveNext())
            {
                int c = getClass();
                if (c < 0)
                    continue;
                getFeatures(ref x);
                var values = x.DenseValues().ToArray();
                for (int i = 0; i < d; i++)
                    sums[c, i] += values[i];
                counts[c]++;
            }
        }

        var centroids = new float[classes, d];
        var halfNorms = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < d; i++)
            {
                centroids[c, i] = counts[c] == 0 ? 0 : (float)(sums[c, i] / counts[c]);
                halfNorms[c] += centroids[c, i] * centroids[c, i] / 2;
            }
        }

        if (kind == PredictionKind.BinaryClassification)
        {
            var w = new float[1, d];
            for (int i = 0; i < d; i++)
                w[0, i] = centroids[1, i] - centroids[0, i];
            return new LinearTransformer(featureColumnName, new LinearScorerFactory(kind, w, [halfNorms[0] - halfNorms[1]]));
        }

        var names = ClassNames(label, classes);
        return new LinearTransformer(featureColumnName, new LinearScorerFactory(kind, centroids, halfNorms.Select(h => -h).ToArray(), names));
    }

    private Func<int> ClassGetter(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        if (kind == PredictionKind.BinaryClassification)
        {
            var get = cursor.GetGetter<bool>(label);
            bool b = false;
            return () => { get(ref b); return b ? 1 : 0; };
        }
        var getKey = cursor.GetGetter<uint>(label);
        uint k = 0;
        return () => { getKey(ref k); return (int)k - 1; }; // key 0 = missing → -1, skipped
    }

    private static ReadOnlyMemory<char>[]? ClassNames(DataViewSchema.Column label, int classes)
    {
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
            return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        return names.DenseValues().Take(classes).ToArray();
    }
}
