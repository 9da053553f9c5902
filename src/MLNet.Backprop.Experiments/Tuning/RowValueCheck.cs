using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;

namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>
/// The labels and example weights the trainer refuses (an infinite regression label; a weight that is NaN, negative or
/// beyond the trainer's limit), found once before the folds are trained, as <see cref="FeatureCheck"/> finds features:
/// each fold's training side numbers its rows from 0, so every trial's Fit named the row of the fold, not of the data.
/// Only the rows the trainer reads are checked: those with a label and usable features.
/// </summary>
internal static class RowValueCheck
{
    /// <exception cref="InvalidOperationException">A row's label or weight cannot be trained on (the message names the
    /// column and the row of <paramref name="data"/>, in the trainer's words).</exception>
    public static void Verify(IDataView data, BackpropTrainer.Options options, StratifiedFolds folds, bool[]? unusable)
    {
        var labels = folds.Labels;
        bool Read(int row) => !double.IsNaN(labels[row]) && unusable?[row] != true;
        if (folds.Regression)
        {
            for (int r = 0; r < labels.Length; r++)
                if (Read(r) && double.IsInfinity(labels[r]))
                    throw LabeledRowCursor.InfiniteLabel(options.LabelColumnName, (float)labels[r], r);
        }
        // A missing or mistyped weight column is the trainer's to name.
        if (options.ExampleWeightColumnName is not { } name || data.Schema.GetColumnOrNull(name) is not { } column || column.Type != NumberDataViewType.Single)
            return;
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        float weight = 0;
        for (int r = 0; cursor.MoveNext() && r < labels.Length; r++)
        {
            if (!Read(r)) continue;
            getter(ref weight);
            if (!LabeledRowCursor.IsUsableWeight(weight)) throw LabeledRowCursor.BadWeight(name, weight, r);
        }
    }
}
