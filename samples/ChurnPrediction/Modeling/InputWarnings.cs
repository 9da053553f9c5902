using Microsoft.ML;
using Microsoft.ML.Data;
using ChurnPrediction.Data;

namespace ChurnPrediction.Modeling;

/// <summary>
/// What a model silently makes the best of when scoring new customers: a text value it never saw in training (one-hot
/// encoded as all zeros, as if the column were blank) and an amount far outside the training customers' range (after
/// normalisation, many standard deviations from their mean). One warning per customer and column.
/// </summary>
public static class InputWarnings
{
    /// <summary>Beyond this many standard deviations from the training mean a number is reported; the real Telco
    /// customers all lie within 3.</summary>
    public const double MaxDeviations = 10;

    /// <summary>The warnings for <paramref name="customers"/>, scored by <paramref name="model"/>.</summary>
    public static IEnumerable<string> Of(ITransformer model, IDataView customers)
    {
        var featurized = model.Transform(customers);
        var features = featurized.Schema["Features"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        var slots = names.DenseValues().Select(n => n.ToString()).ToArray();
        var categories = TelcoSchema.Categorical.ToDictionary(c => c, c => Enumerable.Range(0, slots.Length).Where(i => slots[i].StartsWith(c + ".", StringComparison.Ordinal)).ToArray());
        var numbers = TelcoSchema.Numeric.ToDictionary(c => c, c => Array.IndexOf(slots, c));

        using var scored = featurized.GetRowCursor([features]);
        using var raw = customers.GetRowCursor(customers.Schema);
        var getFeatures = scored.GetGetter<VBuffer<float>>(features);
        var getId = raw.GetGetter<ReadOnlyMemory<char>>(customers.Schema[TelcoSchema.CustomerId]);
        var getText = TelcoSchema.Categorical.ToDictionary(c => c, c => raw.GetGetter<ReadOnlyMemory<char>>(customers.Schema[c]));
        var getNumber = TelcoSchema.Numeric.ToDictionary(c => c, c => raw.GetGetter<float>(customers.Schema[c]));
        VBuffer<float> vector = default;
        ReadOnlyMemory<char> id = default, text = default;
        float number = 0;
        while (scored.MoveNext() && raw.MoveNext())
        {
            getFeatures(ref vector);
            getId(ref id);
            var values = vector.DenseValues().ToArray();
            foreach (var (column, indices) in categories)
            {
                if (indices.Any(i => values[i] != 0)) continue;
                getText[column](ref text);
                yield return $"customer {id}: {column} '{text}' is not a value the model was trained on; it is scored as if {column} were blank.";
            }
            foreach (var (column, index) in numbers)
            {
                if (index < 0 || !(Math.Abs(values[index]) > MaxDeviations)) continue;
                getNumber[column](ref number);
                yield return $"customer {id}: {column} = {number} lies {Math.Abs(values[index]):G3} standard deviations from the training customers' mean; " +
                    "its probability is an extrapolation.";
            }
        }
    }
}
