namespace MLNet.Backprop.Integration.Schema;

/// <summary>Which training slot names a model keeps, to check the slot order of the data it scores
/// (<see cref="Scoring.ScoringSlots"/>): all of them, however wide the vector.</summary>
/// <remarks>A wide vector is the case the check matters most for: <c>FeaturizeText</c> refitted on the scoring batch
/// numbers its n-grams by the batch's own occurrence. Its names cost little beside the first layer that the same slots
/// already fill: the fine-food reviews' 177,833 n-gram names take 2.9 MB as written, 1.6 % of the default model's 182 MB of
/// first-layer weights, and add 0.96 MB (0.56 %) to its 171 MB SaveBackprop file (compressed), so there is no cap and no
/// other encoding (measured with the benchmarks' <c>--slot-names-profile</c>).</remarks>
internal static class FeatureSlotNames
{
    /// <summary><paramref name="names"/> when there are some; otherwise null.</summary>
    public static IReadOnlyList<string>? Stored(IReadOnlyList<string>? names) => names is { Count: > 0 } ? names : null;
}
