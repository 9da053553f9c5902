using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// Validation data must mean what the training data means, not only have the same column types: the same feature
/// width and slots, and the same classes under the same key numbers. A key mapping or a one-hot encoder fitted
/// separately on the validation rows numbers the same values in another order, and early stopping would then watch
/// rows whose labels or features are scrambled.
/// </summary>
internal static class ValidationSchemaCheck
{
    /// <summary>Compares the validation schema's feature and label columns with the training schema's (both already
    /// checked for their types).</summary>
    /// <exception cref="ArgumentOutOfRangeException">They differ; <see cref="ArgumentException.ParamName"/> is the
    /// column role and the message names the column and both values.</exception>
    public static void Verify(DataViewSchema training, DataViewSchema validation, string featureColumn, string labelColumn)
    {
        // A model of categorical columns alone has no feature column to compare.
        if (training.GetColumnOrNull(featureColumn) is { } trainFeatures && validation.GetColumnOrNull(featureColumn) is { } validFeatures)
            VerifyFeatures(trainFeatures, validFeatures, featureColumn);
        VerifyLabels(training, validation, labelColumn);
    }

    private static void VerifyFeatures(DataViewSchema.Column trainFeatures, DataViewSchema.Column validFeatures, string featureColumn)
    {
        int width = (trainFeatures.Type as VectorDataViewType)?.Size ?? 1, validWidth = (validFeatures.Type as VectorDataViewType)?.Size ?? 1;
        if (width != validWidth)
            throw new ArgumentOutOfRangeException(ColumnRoles.Feature, $"Feature column '{featureColumn}' has {validWidth} values per row in the validation data " +
                $"but {width} in the training data. Featurize both with the same fitted pipeline (fit it on the training data, then Transform both).");
        if (SlotNames(trainFeatures, width) is { } trainSlots && SlotNames(validFeatures, width) is { } validSlots)
        {
            int slot = FirstDifference(trainSlots, validSlots);
            if (slot >= 0)
                throw new ArgumentOutOfRangeException(ColumnRoles.Feature, $"Feature column '{featureColumn}' means something else in the validation data: slot {slot} " +
                    $"is '{validSlots[slot]}' there but '{trainSlots[slot]}' in the training data. Featurize both with the same fitted pipeline " +
                    "(fit it on the training data, then Transform both); an encoder fitted on each numbers the categories differently.");
        }
    }

    private static void VerifyLabels(DataViewSchema training, DataViewSchema validation, string labelColumn)
    {
        if (training[labelColumn].Type is not KeyDataViewType trainKey || validation[labelColumn].Type is not KeyDataViewType validKey) return;
        if (trainKey.Count != validKey.Count)
            throw new ArgumentOutOfRangeException(ColumnRoles.Label, $"Label column '{labelColumn}' has {validKey.Count} classes in the validation data " +
                $"but {trainKey.Count} in the training data. Map the labels of both with the same fitted key mapping.");
        int count = (int)Math.Min(trainKey.Count, int.MaxValue);
        if (KeyNames.Of(training[labelColumn], count) is not { } trainNames || KeyNames.Of(validation[labelColumn], count) is not { } validNames) return;
        int key = FirstDifference(trainNames, validNames);
        if (key < 0) return;
        bool reordered = trainNames.Order(StringComparer.Ordinal).SequenceEqual(validNames.Order(StringComparer.Ordinal));
        throw new ArgumentOutOfRangeException(ColumnRoles.Label, $"Label column '{labelColumn}' numbers its classes differently in the validation data: " +
            $"key {key + 1} is '{validNames[key]}' there but '{trainNames[key]}' in the training data" +
            (reordered ? " (the same classes in another order)" : "") + ". Map the labels of both with the same fitted key mapping " +
            "(fit MapValueToKey on the training data, then Transform both).");
    }

    private static string[]? SlotNames(DataViewSchema.Column column, int width)
    {
        if (!column.HasSlotNames()) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return dense.Length == width ? dense : null;
    }

    private static int FirstDifference(string[] a, string[] b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++) if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return i;
        return a.Length == b.Length ? -1 : Math.Min(a.Length, b.Length);
    }
}
