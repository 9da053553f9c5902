using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// Checks that the feature vector being scored orders its slots as the training data did. A one-hot encoder (or a
/// Concatenate) fitted on other rows, the scoring batch's own say, gives a vector of the same width whose slots carry
/// the trained names at other slots (in another order, often beside other categories): every row would be scored with
/// the wrong weights, without a sign. Run once per binding, never per row.
/// </summary>
/// <remarks>
/// Only what cannot be a legitimate rename is refused: a non-empty name that occurs as often in the data's slot names as
/// in the trained ones, at other slots. Names that occur in one of them only (a source column renamed, a category the
/// other rows lack), unnamed (empty) slots, no <c>SlotNames</c> annotation and a model that stored no names are scored
/// as they come, as before this check: a renamed slot at its trained place cannot be told from a category replaced by
/// another.
/// </remarks>
internal static class ScoringSlots
{
    /// <summary>Compares <paramref name="column"/>'s slot names with <paramref name="trained"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">(<see cref="ArgumentException.ParamName"/> <c>"feature"</c>) a trained
    /// name is at another slot; the message names the column, the first such slot with its name in the data and in the
    /// model, where the model had that name, and what to do.</exception>
    public static void Check(DataViewSchema.Column column, IReadOnlyList<string> trained)
    {
        if (column.Annotations.Schema.GetColumnOrNull(ScoreColumnNames.SlotNames) is not { Type: VectorDataViewType { ItemType: TextDataViewType } }) return;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.Annotations.GetValue(ScoreColumnNames.SlotNames, ref names);
        if (names.Length != trained.Count) return;
        // The common case, the same names in the same order, is compared in the getter's buffer: nothing copied, no string made.
        ReadOnlySpan<ReadOnlyMemory<char>> inBuffer = names.IsDense ? names.GetValues() : names.DenseValues().ToArray();
        int first = 0;
        while (first < inBuffer.Length && inBuffer[first].Span.SequenceEqual(trained[first])) first++;
        if (first == inBuffer.Length) return;
        var scored = new string[inBuffer.Length];
        for (int i = 0; i < scored.Length; i++) scored[i] = inBuffer[i].ToString();
        if (FirstMoved(scored, trained, first) is not { } moved) return;
        var (slot, trainedAt) = moved;
        throw new ArgumentOutOfRangeException(ColumnRoles.Feature,
            $"Feature column '{column.Name}' orders its slots differently from the data the model was trained on: slot {slot} is '{scored[slot]}' in " +
            $"the data being scored but '{trained[slot]}' in the model, which had '{scored[slot]}' at slot {trainedAt}, so every row would be scored " +
            "with other slots' weights. The feature vector was made by a featurizer (OneHotEncoding, Concatenate...) fitted on other rows. Score " +
            "through the featurizers fitted with the model: the whole fitted pipeline, or the whole pipeline saved and loaded (SaveBackprop/LoadBackprop " +
            "or ml.Model.Save/Load), not the BackpropTransformer alone on data featurized separately; do not refit the featurizers on the scoring data.");
    }

    /// <summary>The first slot from <paramref name="from"/> on whose non-empty name occurs as often in both vectors but
    /// not at the same slots, and the first slot where the model has that name and the data does not; null when none.</summary>
    private static (int Slot, int TrainedAt)? FirstMoved(string[] scored, IReadOnlyList<string> trained, int from)
    {
        var inModel = SlotsByName(trained);
        var inData = SlotsByName(scored);
        var compared = new HashSet<string>(StringComparer.Ordinal); // each name's slots once, however often it repeats
        for (int slot = from; slot < scored.Length; slot++)
        {
            string name = scored[slot];
            if (name.Length == 0 || !compared.Add(name) || !inModel.TryGetValue(name, out var modelSlots)) continue;
            var dataSlots = inData[name];
            if (modelSlots.Count == dataSlots.Count && !modelSlots.SequenceEqual(dataSlots))
            {
                var inDataHere = dataSlots.ToHashSet();
                return (slot, modelSlots.First(s => !inDataHere.Contains(s)));
            }
        }
        return null;
    }

    private static Dictionary<string, List<int>> SlotsByName(IReadOnlyList<string> names)
    {
        var slots = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (!slots.TryGetValue(name, out var list)) slots[name] = list = [];
            list.Add(i);
        }
        return slots;
    }
}
