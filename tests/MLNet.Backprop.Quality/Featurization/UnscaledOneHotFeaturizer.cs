using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Featurization;

/// <summary>
/// One-hot with its slots left at 0/1, the baseline that tells embeddings' gain apart from feature scaling: numeric
/// columns imputed and standardised on their own (<c>NormalizeMeanVariance(fixZero: false)</c>, centred whatever
/// <c>--center</c> says, as the trainer reading them does not standardise), then the text columns' one-hot slots
/// concatenated unscaled. For a trainer with <c>StandardizeFeatures = false</c>; fitted on the training rows only.
/// </summary>
public static class UnscaledOneHotFeaturizer
{
    /// <summary>The featurizer of <paramref name="layout"/> (<paramref name="center"/> is ignored: always centred).</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, DataSetLayout layout, bool center = false)
    {
        IEstimator<ITransformer> chain = LabelMapping.For(ml, layout) ?? new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        if (layout.Numeric.Count > 0)
        {
            chain = chain
                .Append(ml.Transforms.ReplaceMissingValues(ColumnNames.Numeric, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean))
                .Append(ml.Transforms.NormalizeMeanVariance(ColumnNames.Numeric, fixZero: false));
            parts.Add(ColumnNames.Numeric);
        }
        if (layout.Categorical.Count > 0)
        {
            var categorical = layout.Categorical.Select(c => ColumnNames.Categorical(c.Name)).ToArray();
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c))]));
            parts.AddRange(categorical);
        }
        return chain.Append(ml.Transforms.Concatenate(ColumnNames.Features, [.. parts]));
    }
}
