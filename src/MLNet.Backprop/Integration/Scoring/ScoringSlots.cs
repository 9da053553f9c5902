using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// Checks that the feature vector being scored orders its slots as the training data did. A one-hot encoder (or a
/// Concatenate) fitted on other rows, the scoring batch's own say, gives a vector of the same width whose slots carry the
/// same names in another order: every row would be scored with the wrong weights, without a sign. Run once per binding,
/// never per row.
/// </summary>
/// <remarks>
/// Only what cannot be a legitimate rename is refused: the data's slot names exactly the trained ones, in another order
/// (the same names, each as often, at least one slot moved). Any other difference (a source column renamed, names
/// that differ, no <c>SlotNames</c> annotation) and a model that stored no names are scored as they come, as before
/// this check.
/// </remarks>
internal static class ScoringSlots
{
    /// <summary>Compares <paramref name="column"/>'s slot names with <paramref name="trained"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">(<see cref="ArgumentException.ParamName"/> <c>"feature"</c>) the
    /// slots are the trained ones in another order; the message names the column, the first moved slot with its name in
    /// the data and in the model, and what to do.</exception>
    public static void Check(DataViewSchema.Column column, IReadOnlyList<string> trained)
    {
        if (column.Annotations.Schema.GetColumnOrNull(ScoreColumnNames.SlotNames) is not { Type: VectorDataViewType { ItemType: TextDataViewType } }) return;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.Annotations.GetValue(ScoreColumnNames.SlotNames, ref names);
        if (names.Length != trained.Count) return;
        var scored = names.DenseValues().ToArray();
        // The common case, the same order, is compared in place: no string is made.
        int moved = 0;
        while (moved < scored.Length && scored[moved].Span.SequenceEqual(trained[moved])) moved++;
        if (moved == scored.Length || !SameNames(scored, trained, moved)) return;
        throw new ArgumentOutOfRangeException(ColumnRoles.Feature,
            $"Feature column '{column.Name}' has the slots the model was trained on, in another order: slot {moved} is '{scored[moved]}' in the " +
            $"data being scored but '{trained[moved]}' in the model, so every row would be scored with another slot's weights. The feature " +
            "vector was made by a featurizer (OneHotEncoding, Concatenate...) fitted on other rows. Score through the featurizers fitted with " +
            "the model: the whole fitted pipeline, or the whole pipeline saved and loaded (SaveBackprop/LoadBackprop or ml.Model.Save/Load), " +
            "not the BackpropTransformer alone on data featurized separately; do not refit the featurizers on the scoring data.");
    }

    /// <summary>Whether the slots from <paramref name="from"/> on carry the same names, each as often, in both.</summary>
    private static bool SameNames(ReadOnlyMemory<char>[] scored, IReadOnlyList<string> trained, int from)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = from; i < trained.Count; i++) counts[trained[i]] = counts.GetValueOrDefault(trained[i]) + 1;
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = from; i < scored.Length; i++)
        {
            if (!lookup.TryGetValue(scored[i].Span, out int count) || count == 0) return false;
            lookup[scored[i].Span] = count - 1;
        }
        return true; // as many names on each side, none left over
    }
}
