using MLNet.Backprop.Quality.CommandLine;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>The columns of a run: the built-in trainers and the <c>--mlp</c> variants, filtered by <c>--trainers</c>.</summary>
public static class TrainerSelection
{
    /// <summary>The selected trainers, in the order built-ins then variants (or the order of <c>--trainers</c>). Without
    /// <c>--trainers</c>, a <c>--quick</c> run leaves the tuned MLP out (its tuning would take most of CI's minute).</summary>
    /// <exception cref="UsageException">A bad variant, a name clash, or an unknown name in <c>--trainers</c>.</exception>
    public static IReadOnlyList<TrainerEntry> Resolve(IReadOnlyList<string>? requested, IReadOnlyList<string> variantSpecs, bool quick = false)
    {
        var available = new List<TrainerEntry>(StandardTrainers.All);
        IEnumerable<TrainerEntry> optional = [.. StandardTrainers.Optional, EmbeddingMlp.Entry, EmbeddingMlp.UnscaledOneHotEntry, EmbeddingMlp.LazyEntry];
        foreach (var spec in variantSpecs)
        {
            MlpVariant variant;
            try
            {
                variant = MlpVariant.Parse(spec);
            }
            catch (FormatException e)
            {
                throw new UsageException($"--mlp: {e.Message}");
            }
            if (available.Concat(optional).Any(t => string.Equals(t.Key, variant.Name, StringComparison.OrdinalIgnoreCase)))
                throw new UsageException($"--mlp: the name '{variant.Name}' is already taken (built-in names: {string.Join(", ", StandardTrainers.All.Select(t => t.Key))}).");
            available.Add(variant.ToEntry());
        }
        if (requested is null) return quick ? [.. available.Where(t => t.Key != TunedMlp.Key)] : available;
        var named = available.Concat(optional).ToList();
        return [.. requested.Select(name => named.FirstOrDefault(t => string.Equals(t.Key, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"--trainers: unknown trainer '{name}'; available: {string.Join(", ", named.Select(t => t.Key))}."))];
    }
}
