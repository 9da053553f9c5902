using Microsoft.ML;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Featurization;

/// <summary>
/// The label as trainers expect it: binary → Boolean (the set's positive class is true), multiclass → key (classes in
/// ordinal order, the same keys in every fold: the class list comes from the whole file, which is knowledge of the
/// label's domain, not of any feature), regression → the Single column as loaded (no mapping).
/// </summary>
public static class LabelMapping
{
    /// <summary>The mapping estimator, or null when the label is loaded ready to use (regression).</summary>
    public static IEstimator<ITransformer>? For(MLContext ml, DataSetLayout layout) => layout.Info.Task switch
    {
        TaskKind.Binary => ml.Transforms.Conversion.MapValue(ColumnNames.Label,
            [new KeyValuePair<string, bool>(layout.Info.PositiveClass!, true), new KeyValuePair<string, bool>(layout.NegativeClass, false)],
            ColumnNames.LabelText),
        TaskKind.Multiclass => ml.Transforms.Conversion.MapValueToKey(ColumnNames.Label, ColumnNames.LabelText,
            keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue,
            keyData: ml.Data.LoadFromEnumerable(layout.Classes.Select(c => new ClassName { LabelText = c }))),
        _ => null,
    };

    private sealed class ClassName
    {
        public string LabelText { get; set; } = "";
    }
}
