using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Rows of a very wide, sparse feature vector (like a hashed bag of words), with or without a known row count.</summary>
internal static class WideData
{
    public sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }

        public float Value { get; set; }
    }

    /// <summary><paramref name="rows"/> rows of <paramref name="slots"/> slots, 3 of them non-zero; the label is the
    /// sign of slot 0. With <paramref name="unknownCount"/> a filter upstream hides the row count, as any filter does.</summary>
    public static IDataView Load(MLContext ml, int rows, int slots, bool unknownCount = true)
    {
        var data = Enumerable.Range(0, rows).Select(i =>
        {
            float x = i % 2 == 0 ? 1f : -1f;
            var features = new VBuffer<float>(slots, 3, [x, 0.5f, -0.25f * i], [0, 1 + i % (slots - 2), slots - 1]);
            return new Row { Features = features, Label = x > 0, Value = x + 0.1f * i };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        var view = ml.Data.LoadFromEnumerable(data, schema);
        return unknownCount ? ml.Data.FilterRowsByColumn(view, nameof(Row.Value), lowerBound: -1e9, upperBound: 1e9) : view;
    }
}
