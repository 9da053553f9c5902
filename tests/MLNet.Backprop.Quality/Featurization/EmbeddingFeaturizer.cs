using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Featurization;

/// <summary>
/// The featurizer of the MLP with entity embeddings: the same label mapping and numeric columns as
/// <see cref="GenericFeaturizer"/> (<c>ReplaceMissingValues</c>, <c>NormalizeMeanVariance</c>, alone in "Features"),
/// but each categorical column goes through <c>MapValueToKey</c> into its own key column
/// (<see cref="ColumnNames.Key"/>) for <c>BackpropTrainer.Options.CategoricalColumnNames</c> instead of being one-hot
/// encoded. An empty field is a missing key (0), which the trainer maps to its learned "unknown" row. Fitted on the
/// training rows only, as part of the pipeline.
/// </summary>
public static class EmbeddingFeaturizer
{
    /// <summary>The featurizer of <paramref name="layout"/>.</summary>
    /// <param name="ml">The context of the pipeline.</param>
    /// <param name="layout">The data set's columns.</param>
    /// <param name="center">As in <see cref="GenericFeaturizer.Build"/>.</param>
    /// <exception cref="NotSupportedException">The set has no numeric column: the trainer still requires a Features
    /// column.</exception>
    public static IEstimator<ITransformer> Build(MLContext ml, DataSetLayout layout, bool center = false)
    {
        if (layout.Numeric.Count == 0)
            throw new NotSupportedException($"{layout.Info.Name} has no numeric column, and BackpropTrainer still requires a Features column: no embedding-only model yet.");
        IEstimator<ITransformer> chain = LabelMapping.For(ml, layout) ?? new EstimatorChain<ITransformer>();
        chain = chain
            .Append(ml.Transforms.ReplaceMissingValues(ColumnNames.Numeric, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.Concatenate(ColumnNames.Features, ColumnNames.Numeric))
            .Append(ml.Transforms.NormalizeMeanVariance(ColumnNames.Features, fixZero: !center));
        if (layout.Categorical.Count > 0)
            chain = chain.Append(ml.Transforms.Conversion.MapValueToKey([.. layout.Categorical.Select(c =>
                new InputOutputColumnPair(ColumnNames.Key(c.Name), ColumnNames.Categorical(c.Name)))]));
        return chain;
    }
}
