using Microsoft.ML;
using Microsoft.ML.Data;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// Checks the categorical columns a trainer looks up in embedding tables: each must exist, be a key scalar of known
/// cardinality, and not also enter the network through the feature vector. Problems throw
/// <see cref="ArgumentOutOfRangeException"/> (parameter "categorical") naming the column.
/// </summary>
internal static class CategoricalColumns
{
    /// <summary>Checks the columns on a schema shape (<c>GetOutputSchema</c>).</summary>
    public static void Check(SchemaShape input, IReadOnlyList<string> names, string? featureColumn)
    {
        foreach (string name in names)
        {
            CheckNotFeatures(name, featureColumn);
            if (!SchemaShapes.TryFind(input, name, out var column)) throw Missing(name);
            if (column.Kind != VectorKind.Scalar || !column.IsKey)
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Schema mismatch for categorical column '{name}': expected a key (e.g. after MapValueToKey), got {SchemaShapes.Describe(column)}.");
        }
    }

    /// <summary>Checks the columns on a data view's schema and returns each one's cardinality (the key type's count).</summary>
    public static int[] Check(DataViewSchema schema, IReadOnlyList<string> names, string? featureColumn)
    {
        var counts = new int[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            CheckNotFeatures(name, featureColumn);
            var column = schema.GetColumnOrNull(name) ?? throw Missing(name);
            if (column.Type is not KeyDataViewType key)
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Schema mismatch for categorical column '{name}': expected a key (e.g. after MapValueToKey), got {column.Type}.");
            if (key.Count == 0)
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Categorical column '{name}' is a key of unknown cardinality ({key.RawType.Name} with no count): an embedding table needs the number of " +
                    "values. Map the column with MapValueToKey (which counts the values it saw), or give the key type a count.");
            if (key.Count > MaxKeys)
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Categorical column '{name}' has {key.Count:N0} key values; an embedding table holds at most {MaxKeys:N0}. Hash the values into fewer " +
                    "(MapValueToKey after a hash) or one-hot encode them into the features.");
            if (featureColumn is not null && schema.GetColumnOrNull(featureColumn) is { } features && SlotNamesOf(features).Any(s => s.StartsWith(name + ".", StringComparison.Ordinal)))
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Categorical column '{name}' is also inside feature column '{featureColumn}' (its slots '{name}.…'): the network would see it twice. " +
                    "Leave it out of the features' Concatenate, or out of CategoricalColumnNames.");
            counts[i] = (int)key.Count;
        }
        return counts;
    }

    /// <summary>
    /// Checks that each categorical column means the same in <paramref name="validation"/> as in
    /// <paramref name="training"/>: the same number of key values and, where both name them, the same name under each
    /// key (a MapValueToKey fitted separately on each data set numbers the values in another order).
    /// </summary>
    public static void CheckSameKeys(DataViewSchema training, DataViewSchema validation, IReadOnlyList<string> names, int[] trainingCounts, int[] validationCounts)
    {
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (trainingCounts[i] != validationCounts[i])
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Categorical column '{name}' has {validationCounts[i]:N0} key values in the validation data but {trainingCounts[i]:N0} in the " +
                    "training data: map both with the same fitted MapValueToKey, so that a key means the same value in both.");
            if (KeyNames.Of(training[name], trainingCounts[i]) is not { } trained || KeyNames.Of(validation[name], validationCounts[i]) is not { } validated) continue;
            int differ = KeyNames.FirstDifference(trained, validated);
            if (differ >= 0)
                throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                    $"Categorical column '{name}' numbers its values differently in the validation data: key {differ + 1} is '{validated[differ]}' there " +
                    $"but '{trained[differ]}' in the training data. Map both with the same fitted MapValueToKey, so that a key means the same value in both.");
        }
    }

    /// <summary>Most key values a table takes (a 1 M-row table of 64 values is 256 MB).</summary>
    public const int MaxKeys = 1 << 20;

    private static void CheckNotFeatures(string name, string? featureColumn)
    {
        if (name == featureColumn)
            throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
                $"Categorical column '{name}' is also the feature column: name it in FeatureColumnName or in CategoricalColumnNames, not both.");
    }

    private static IEnumerable<string> SlotNamesOf(DataViewSchema.Column column)
    {
        if (!column.HasSlotNames()) return [];
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString());
    }

    private static ArgumentOutOfRangeException Missing(string name) => new(ColumnRoles.Categorical, $"Could not find categorical column '{name}'");
}
