using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// Checks that a categorical column being scored numbers its values as the training data did. A key is only a number:
/// data mapped by a <c>MapValueToKey</c> fitted on other rows (the scoring data's own, say) would read, under the same
/// number, another value's embedding vector, and score every row wrongly without a sign. Run once per binding, never
/// per row.
/// </summary>
/// <remarks>
/// Only the keys both name are compared, so that the documented tolerance stays: a mapping that appends new values
/// after the trained ones scores (the new keys, beyond the table, read the unknown row), and so does one that knows only
/// the first of them. A column without key names (no <c>KeyValues</c> annotation), or a model that stored none (its
/// training column had none), cannot be compared and is scored as it comes, as before this check.
/// </remarks>
internal static class ScoringKeys
{
    /// <summary>Compares <paramref name="column"/>'s key names with those <paramref name="trained"/> stored.</summary>
    /// <exception cref="ArgumentOutOfRangeException">(<see cref="ArgumentException.ParamName"/> <c>"categorical"</c>) a key
    /// both name has another name in the data; the message names the column, the key and both names, and what to do.</exception>
    public static void Check(DataViewSchema.Column column, CategoricalColumn trained)
    {
        if (trained.KeyNames is not { } model || column.Type is not KeyDataViewType { Count: > 0 and <= int.MaxValue } key) return;
        if (FirstDifference(column, (int)key.Count, model) is not ({ } differ, { } scored)) return;
        throw new ArgumentOutOfRangeException(ColumnRoles.Categorical,
            $"Categorical column '{column.Name}' numbers its values differently from the data the model was trained on: key {differ + 1} is " +
            $"'{scored}' in the data being scored but '{model[differ]}' in the model, so every row would read another value's embedding. " +
            "The keys were made by another MapValueToKey (fitted on other rows). Score through the MapValueToKey fitted with the model: " +
            "the whole fitted pipeline, or the whole pipeline saved and loaded (SaveBackprop/LoadBackprop or ml.Model.Save/Load), " +
            $"not the BackpropTransformer alone on data featurized separately; or map the column with keyData set to the model's " +
            $"Embedding(\"{column.Name}\").Names, in that order.");
    }

    /// <summary>The first key (0-based) both name whose name in <paramref name="column"/>'s <c>KeyValues</c> differs from
    /// <paramref name="model"/>'s, with that name; null when they agree or the column names no key.</summary>
    /// <remarks>Text key values (MapValueToKey on a text column, the common case) are compared in place: this runs on
    /// every Transform, e.g. once per slot and permutation of a permutation feature importance: for a column of a million
    /// text keys, making their strings took 46 ms a call, comparing in place 16 ms (most of it the annotation's copy;
    /// measured side by side, 1-minute load 5.5 on 2 cores).</remarks>
    private static (int Key, string Name)? FirstDifference(DataViewSchema.Column column, int count, IReadOnlyList<string> model)
    {
        if (column.Annotations.Schema.GetColumnOrNull(ScoreColumnNames.KeyValues) is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.Annotations.GetValue(ScoreColumnNames.KeyValues, ref values);
            if (values.IsDense)
            {
                if (values.Length != count) return null;
                var text = values.GetValues();
                for (int k = 0; k < Math.Min(count, model.Count); k++)
                    if (!text[k].Span.SequenceEqual(model[k])) return (k, text[k].ToString());
                return null;
            }
        }
        if (KeyNames.Of(column, count) is not { } scored) return null;
        int differ = KeyNames.FirstDifference(model, scored);
        return differ < 0 ? null : (differ, scored[differ]);
    }

    /// <summary>Checks each of <paramref name="columns"/> against the same-named entry of <paramref name="trained"/>
    /// (the model's categorical columns, in the same order).</summary>
    /// <exception cref="ArgumentException"><paramref name="trained"/> does not name the same columns in the same order
    /// (a programming error: they come from one model).</exception>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="Check(DataViewSchema.Column, CategoricalColumn)"/>.</exception>
    public static void Check(IReadOnlyList<DataViewSchema.Column> columns, IReadOnlyList<CategoricalColumn> trained)
    {
        if (trained.Count != columns.Count || columns.Where((c, i) => c.Name != trained[i].Name).Any())
            throw new ArgumentException($"The model's categorical columns [{string.Join(", ", trained.Select(c => c.Name))}] are not the scorer's " +
                $"[{string.Join(", ", columns.Select(c => c.Name))}].", nameof(trained));
        for (int i = 0; i < columns.Count; i++) Check(columns[i], trained[i]);
    }
}
