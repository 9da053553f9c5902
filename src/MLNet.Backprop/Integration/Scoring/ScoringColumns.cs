using Microsoft.ML;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>Column access shared by <see cref="ScoringCursor"/> and <see cref="ScoringRow"/>: inputs by index, outputs from the scorer.</summary>
internal static class ScoringColumns
{
    /// <summary>Whether <paramref name="column"/> of the output schema can be read.</summary>
    public static bool IsActive(ScoringBinding binding, DataViewRow input, ScoredRowValues values, DataViewSchema.Column column)
    {
        CheckColumn(binding, column);
        return binding.IsOutput(column.Index)
            ? values.IsActive(column.Index - binding.InputSchema.Count)
            : input.IsColumnActive(input.Schema[column.Index]);
    }

    /// <summary>The getter of <paramref name="column"/> of the output schema.</summary>
    public static ValueGetter<T> GetGetter<T>(ScoringBinding binding, DataViewRow input, ScoredRowValues values, DataViewSchema.Column column)
    {
        CheckColumn(binding, column);
        return binding.IsOutput(column.Index)
            ? values.GetGetter<T>(column)
            : input.GetGetter<T>(input.Schema[column.Index]);
    }

    private static void CheckColumn(ScoringBinding binding, DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= binding.OutputSchema.Count || binding.OutputSchema[column.Index].Name != column.Name)
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' (index {column.Index}) is not in this row's schema.");
    }
}
