using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>The keys nearest to one in a learned table: by cosine similarity of their vectors, or, in a table of one value
/// per key (a scalar offset, where every cosine is ±1), by how close their values are.</summary>
public static class NearestKeys
{
    /// <summary>The <paramref name="count"/> keys nearest to <paramref name="name"/>, nearest first, each with a similarity
    /// in [−1, 1]: the cosine for vectors; for scalars 1 − |difference| ÷ the table's range of values.</summary>
    public static IReadOnlyList<(string Name, double Similarity)> Find(EmbeddingTable table, string name, int count)
    {
        if (table.Width > 1) return table.MostSimilar(name, count);
        float value = table[name][0];
        var values = Enumerable.Range(0, table.Names.Count).Select(i => (Name: table.Names[i], Value: (double)table.Vector(i)[0])).ToList();
        double range = values.Max(v => v.Value) - values.Min(v => v.Value);
        return values.Where(v => v.Name != name)
            .Select(v => (v.Name, Similarity: range > 0 ? 1 - Math.Abs(v.Value - value) / range : 1.0))
            .OrderByDescending(v => v.Similarity).ThenBy(v => v.Name, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>What <see cref="Find"/> measures for <paramref name="table"/>, for a heading.</summary>
    public static string Measure(EmbeddingTable table) =>
        table.Width > 1 ? $"{table.Width} values each, cosine similarity" : "one value each, 1 − |difference| ÷ the table's range";
}
