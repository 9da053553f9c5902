namespace MLNet.Backprop.Numerics;

/// <summary>A read-only list whose values are computed when read: per-feature figures of a 2²⁰-slot input that the
/// trainer reads once or never, kept as a formula over arrays it holds anyway instead of another 8 MB array.</summary>
internal sealed class ComputedList(int count, Func<int, double> value) : IReadOnlyList<double>
{
    public int Count => count;

    public double this[int index] => (uint)index < (uint)count ? value(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<double> GetEnumerator()
    {
        for (int i = 0; i < count; i++) yield return value(i);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
