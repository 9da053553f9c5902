using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Featurization;

/// <summary>
/// The featurizer a user would write for any table, the same for every trainer: label mapping, numeric columns →
/// <c>ReplaceMissingValues</c> (mean, per slot), categorical columns → <c>OneHotEncoding</c> (an empty field maps to
/// no category: all zeros), free-text columns → <c>FeaturizeText</c> (ML.NET's defaults: word 1-2-grams and character
/// 3-grams, L2-normalised), concatenated into "Features", then <c>NormalizeMeanVariance</c> unless the set says its
/// features are used as they come (the wide sparse sets). Fitted on the training rows only, as part of each trainer's
/// pipeline.
/// </summary>
public static class GenericFeaturizer
{
    /// <summary>The featurizer of <paramref name="layout"/>.</summary>
    /// <param name="ml">The context of the pipeline.</param>
    /// <param name="layout">The data set's columns.</param>
    /// <param name="center">False (default, ML.NET's <c>fixZero: true</c>): only scale to unit variance, keeping zero
    /// at zero; true: also subtract the mean (<c>fixZero: false</c>).</param>
    public static IEstimator<ITransformer> Build(MLContext ml, DataSetLayout layout, bool center = false)
    {
        IEstimator<ITransformer> chain = LabelMapping.For(ml, layout) ?? new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        if (layout.Numeric.Count > 0)
        {
            chain = chain.Append(ml.Transforms.ReplaceMissingValues(ColumnNames.Numeric, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean));
            parts.Add(ColumnNames.Numeric);
        }
        if (layout.Categorical.Count > 0)
        {
            var categorical = layout.Categorical.Select(c => ColumnNames.Categorical(c.Name)).ToArray();
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c))]));
            parts.AddRange(categorical);
        }
        foreach (var text in layout.Text.Select(c => ColumnNames.Text(c.Name)))
        {
            chain = chain.Append(ml.Transforms.Text.FeaturizeText(text + "_ngrams", text));
            parts.Add(text + "_ngrams");
        }
        chain = chain.Append(ml.Transforms.Concatenate(ColumnNames.Features, [.. parts]));
        return layout.Info.Normalize ? chain.Append(ml.Transforms.NormalizeMeanVariance(ColumnNames.Features, fixZero: !center)) : chain;
    }
}
