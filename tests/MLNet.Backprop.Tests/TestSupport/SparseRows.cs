using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>
/// Generated sparse data like a bag of words or one-hot ids: each row holds a few slots of a wide vector, drawn with a
/// Zipf-like skew (a few common slots, many rare ones), with values 1 or a weight in (0, 1]; the label follows a hidden
/// linear rule plus an interaction of the two most common slots, so a network beats a constant.
/// </summary>
internal static class SparseRows
{
    public sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }

        public float Value { get; set; }
    }

    /// <summary>CSR rows: offsets, slots (increasing in a row), values; labels and regression targets.</summary>
    public static (int[] Offsets, int[] Indices, float[] Values, bool[] Labels, float[] Targets) Csr(int rows, int slots, int perRow, int seed)
    {
        var random = new Random(seed);
        var rule = Enumerable.Range(0, slots).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new bool[rows];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var chosen = new SortedSet<int>();
            int count = 1 + random.Next(perRow * 2 - 1);
            while (chosen.Count < Math.Min(count, slots)) chosen.Add((int)Math.Min(slots - 1, Math.Floor(slots * Math.Pow(random.NextDouble(), 3))));
            double score = 0;
            foreach (int slot in chosen)
            {
                float value = random.Next(3) == 0 ? 1f : (float)(0.1 + 0.9 * random.NextDouble());
                indices.Add(slot);
                values.Add(value);
                score += rule[slot] * value;
            }
            if (chosen.Contains(0) && chosen.Contains(1)) score += 1.5;
            labels[r] = score > 0;
            targets[r] = (float)(score + 0.1 * (random.NextDouble() - 0.5));
            offsets[r + 1] = indices.Count;
        }
        return (offsets, [.. indices], [.. values], labels, targets);
    }

    /// <summary>The same rows as an ML.NET view of sparse vectors (or dense ones, with <paramref name="dense"/>).</summary>
    public static IDataView Load(MLContext ml, int rows, int slots, int perRow, int seed, bool dense = false)
    {
        var (offsets, indices, values, labels, targets) = Csr(rows, slots, perRow, seed);
        var data = Enumerable.Range(0, rows).Select(r =>
        {
            int from = offsets[r], count = offsets[r + 1] - from;
            var vector = new VBuffer<float>(slots, count, values[from..(from + count)], indices[from..(from + count)]);
            if (dense)
            {
                var full = new float[slots];
                vector.CopyTo(full);
                vector = new VBuffer<float>(slots, full);
            }
            return new Row { Features = vector, Label = labels[r], Value = targets[r] };
        }).ToList();
        return View(ml, data, slots);
    }

    /// <summary>The same rows as <see cref="Load"/> (sparse) with the label cut so that <paramref name="positiveShare"/> of
    /// them are positive: the rows of the highest regression targets, as a review's score or a churn flag is skewed.</summary>
    public static IDataView LoadSkewed(MLContext ml, int rows, int slots, int perRow, int seed, double positiveShare)
    {
        var (offsets, indices, values, _, targets) = Csr(rows, slots, perRow, seed);
        float cut = targets.Order().ElementAt((int)(rows * (1 - positiveShare)));
        var data = Enumerable.Range(0, rows).Select(r =>
        {
            int from = offsets[r], count = offsets[r + 1] - from;
            return new Row { Features = new VBuffer<float>(slots, count, values[from..(from + count)], indices[from..(from + count)]), Label = targets[r] >= cut, Value = targets[r] };
        }).ToList();
        return View(ml, data, slots);
    }

    private static IDataView View(MLContext ml, List<Row> data, int slots)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    /// <summary>Row-major dense copy of CSR rows.</summary>
    public static float[] Dense(int[] offsets, int[] indices, float[] values, int rows, int slots)
    {
        var dense = new float[rows * slots];
        for (int r = 0; r < rows; r++)
            for (int k = offsets[r]; k < offsets[r + 1]; k++) dense[r * slots + indices[k]] = values[k];
        return dense;
    }
}
