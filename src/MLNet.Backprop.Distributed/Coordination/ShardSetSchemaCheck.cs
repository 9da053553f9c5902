using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Distributed.Coordination;

/// <summary>The data view given to <c>Fit</c> against the shard set: the model is trained on the shards' rows but scores
/// views of <c>Fit</c>'s schema, so both must have the same feature width, weight column and classes.</summary>
internal static class ShardSetSchemaCheck
{
    /// <exception cref="InvalidOperationException">The view and the shard set disagree (the message names the column and the set).</exception>
    public static void Verify(ShardSet shards, BackpropTrainer.Options options, DataViewSchema schema)
    {
        var manifest = shards.Data;
        string set = $"the shard set '{shards.ManifestPath}'";
        // Columns missing or of the wrong type are the trainer's to report, with its own messages.
        if (schema.GetColumnOrNull(options.FeatureColumnName)?.Type is VectorDataViewType { Size: > 0 } features && features.Size != manifest.Columns)
            throw new InvalidOperationException($"Feature column '{options.FeatureColumnName}' has {features.Size} values per row, but {set} holds rows of " +
                $"{manifest.Columns}: a model trained on the shards could not score this view. Write the shards from the view Fit is given (ShardSet.Write), " +
                "or give Fit the view they were written from.");
        bool weighted = options.ExampleWeightColumnName is not null;
        if (weighted != manifest.HasWeights)
            throw new InvalidOperationException(weighted
                ? $"ExampleWeightColumnName is '{options.ExampleWeightColumnName}', but {set} was written without example weights. Write the shards with the same options."
                : $"ExampleWeightColumnName is null, but {set} was written with example weights. Set it as when the shards were written, or write them again.");
        if (schema.GetColumnOrNull(options.LabelColumnName)?.Type is KeyDataViewType key && manifest.Summary.ClassWeights.Count > 0)
        {
            double largest = manifest.Summary.ClassWeights.Max(c => c[0]);
            if (largest >= key.Count)
                throw new InvalidOperationException($"Label column '{options.LabelColumnName}' has {key.Count} classes, but {set} holds rows of key {largest + 1}: " +
                    "the shards were written from a view with more classes.");
        }
    }
}
