using System.Globalization;

namespace MLNet.Backprop.Quality.CommandLine;

/// <summary>
/// The fold seeds of <c>--seeds</c>: comma-separated seeds and inclusive ranges (<c>0-9</c>, <c>0,3,5</c>, <c>0-4,7</c>),
/// each ≥ 0, none twice, kept in the order given (the first one also seeds the fixed splits).
/// </summary>
public static class SeedList
{
    /// <summary>The seeds in <paramref name="value"/>.</summary>
    /// <exception cref="UsageException">An item that is not a seed or an ascending range, or a seed given twice.</exception>
    public static IReadOnlyList<int> Parse(string name, string value)
    {
        var seeds = new List<int>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            int dash = item.IndexOf('-', Math.Min(1, item.Length)); // from 1: a leading '-' is a sign, not a range
            if (dash > 0 && Seed(item[..dash]) is { } first && Seed(item[(dash + 1)..]) is { } last && first <= last)
                seeds.AddRange(Enumerable.Range(first, last - first + 1));
            else if (dash < 0 && Seed(item) is { } seed)
                seeds.Add(seed);
            else
                throw new UsageException($"option '{name}' needs seeds ≥ 0 and ascending ranges, e.g. 0-9 or 0,3,5; got '{item}'.");
        }
        if (seeds.Distinct().Count() != seeds.Count) throw new UsageException($"option '{name}' names a seed twice.");
        return seeds;
    }

    /// <summary>"0-9", "0, 3, 5" or "0-4, 7": the seeds with every run of consecutive ones as a range.</summary>
    public static string Format(IReadOnlyList<int> seeds)
    {
        var parts = new List<string>();
        for (int start = 0; start < seeds.Count;)
        {
            int end = start;
            while (end + 1 < seeds.Count && seeds[end + 1] == seeds[end] + 1) end++;
            parts.Add(end == start
                ? seeds[start].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{seeds[start]}-{seeds[end]}"));
            start = end + 1;
        }
        return string.Join(", ", parts);
    }

    private static int? Seed(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seed) ? seed : null;
}
