using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>How an error names a slot of a feature vector: its index, and the name the data gives it when the vector
/// carries ML.NET's <c>SlotNames</c> (a <c>Concatenate</c> of named columns names each slot after its column, a one-hot
/// block after the column and the category), so that "slot 4 ('Income')" points the user at the column of their own
/// data that holds the bad value, not at a position they would have to count out. Read only when an error is raised.</summary>
internal static class SlotName
{
    /// <summary>"slot 4 ('Income')", or "slot 4" when the column has no name for that slot.</summary>
    /// <param name="column">The feature column (null: none, the slot alone).</param>
    /// <param name="slot">The 0-based slot.</param>
    public static string Describe(DataViewSchema.Column? column, int slot)
    {
        string? name = column is { } c ? Of(c, slot) : null;
        return string.IsNullOrEmpty(name) ? $"slot {slot}" : $"slot {slot} ('{name}')";
    }

    private static string? Of(DataViewSchema.Column column, int slot)
    {
        if (column.Annotations.Schema.GetColumnOrNull(ScoreColumnNames.SlotNames) is not { } annotation) return null;
        if (annotation.Type is not VectorDataViewType { ItemType: TextDataViewType } type || slot < 0 || (type.Size > 0 && slot >= type.Size)) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.Annotations.GetValue(ScoreColumnNames.SlotNames, ref names);
        return slot < names.Length ? names.GetItemOrDefault(slot).ToString() : null;
    }
}
