namespace MLNet.Backprop;

/// <summary>
/// The trained vectors of one categorical column (<see cref="BackpropTrainer.Options.CategoricalColumnNames"/>): one
/// per key value, and the vector of a missing or unknown key. A read-only copy of the first network's table (each
/// network of an ensemble learns its own).
/// </summary>
/// <remarks>Vectors of similar values tend to lie close together: <see cref="MostSimilar"/> ranks the values by the cosine
/// similarity of their vectors, e.g. to find "lecturers like this one".</remarks>
public sealed class EmbeddingTable
{
    private readonly float[] _values;
    private readonly Dictionary<string, int> _byName;

    internal EmbeddingTable(string columnName, IReadOnlyList<string> names, float[] values, int width)
    {
        ColumnName = columnName;
        Names = names;
        Width = width;
        _values = values;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++) _byName.TryAdd(names[i], i);
    }

    /// <summary>The categorical column.</summary>
    public string ColumnName { get; }

    /// <summary>The key values' names in key order (their text form; "1", "2", … when the key had none): value i is key i + 1.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Values per vector.</summary>
    public int Width { get; }

    /// <summary>The vector of the value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No key value has that name.</exception>
    public ReadOnlySpan<float> this[string name] => _byName.TryGetValue(name, out int i) ? Vector(i)
        : throw new KeyNotFoundException($"Categorical column '{ColumnName}' has no key value named '{name}' in the trained model.");

    /// <summary>The vector of key value <paramref name="index"/> (0-based: key <paramref name="index"/> + 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Names"/>.Count).</exception>
    public ReadOnlySpan<float> Vector(int index) => (uint)index < (uint)Names.Count
        ? _values.AsSpan((index + 1) * Width, Width)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Categorical column '{ColumnName}' has key values 0 to {Names.Count - 1}.");

    /// <summary>The vector a missing key, or a key beyond those trained, is scored with.</summary>
    public ReadOnlySpan<float> Unknown => _values.AsSpan(0, Width);

    /// <summary>The <paramref name="count"/> values whose vectors are most similar to <paramref name="name"/>'s (cosine
    /// similarity, highest first; the value itself left out).</summary>
    /// <exception cref="KeyNotFoundException">No key value has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<(string Name, double Similarity)> MostSimilar(string name, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var target = this[name].ToArray();
        int self = _byName[name];
        return Enumerable.Range(0, Names.Count).Where(i => i != self)
            .Select(i => (Names[i], Cosine(target, Vector(i))))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal).Take(count).ToArray();
    }

    /// <summary>The key values' vectors projected on the table's first two principal axes (PCA), e.g. to plot them
    /// labelled with <see cref="Names"/>; the unknown vector is left out.</summary>
    public EmbeddingProjection Project2D()
    {
        var (x, y, first, second) = Numerics.PrincipalAxes.Project(_values.AsSpan(Width), Names.Count, Width);
        return new EmbeddingProjection(Names, x, y, first, second);
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return aa > 0 && bb > 0 ? dot / Math.Sqrt(aa * bb) : 0;
    }
}
