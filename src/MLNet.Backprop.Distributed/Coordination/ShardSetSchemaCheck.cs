using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

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
        CheckCategorical(manifest, options, schema, set);
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

    /// <summary>The shards store the keys of the options' categorical columns, in the same order, numbered as the view
    /// numbers them (the same key count and, where both name them, the same name under each key).</summary>
    private static void CheckCategorical(ShardSet.Manifest manifest, BackpropTrainer.Options options, DataViewSchema schema, string set)
    {
        var stored = manifest.Categorical.Select(c => c.Name).ToArray();
        if (!stored.SequenceEqual(options.CategoricalColumnNames, StringComparer.Ordinal))
            throw new InvalidOperationException($"CategoricalColumnNames is [{string.Join(", ", options.CategoricalColumnNames)}], but {set} stores the keys of " +
                $"[{string.Join(", ", stored)}]. Write the shards with the same options (ShardSet.Write), or set the same columns.");
        foreach (var column in manifest.Categorical)
        {
            // A missing column or one that is not a key is the trainer's to report.
            if (schema.GetColumnOrNull(column.Name) is not { Type: KeyDataViewType key } viewColumn) continue;
            if ((ulong)column.KeyCount != key.Count)
                throw new InvalidOperationException($"Categorical column '{column.Name}' has {key.Count:N0} key values in the data view, but {set} was written " +
                    $"with {column.KeyCount:N0}: map both with the same fitted MapValueToKey, so that a key means the same value in both.");
            if (column.KeyNames is not { } written || KeyNames.Of(viewColumn, column.KeyCount) is not { } viewed) continue;
            int differ = KeyNames.FirstDifference(written, viewed);
            if (differ >= 0)
                throw new InvalidOperationException($"Categorical column '{column.Name}' numbers its values differently in the data view: key {differ + 1} is " +
                    $"'{viewed[differ]}' there but '{written[differ]}' in {set}. Map both with the same fitted MapValueToKey.");
        }
    }
}
