namespace MLNet.Backprop.Integration.Schema;

/// <summary>Which training slot names a model keeps, to check the slot order of the data it scores
/// (<see cref="Scoring.ScoringSlots"/>).</summary>
internal static class FeatureSlotNames
{
    /// <summary>The most slots whose names a model stores: 65,536. A one-hot or concatenated vector of columns is far
    /// narrower; a FeaturizeText vector (e.g. 177,000 n-gram names) would add megabytes of names to the file for a check
    /// that protects against a refitted one-hot encoder, so such a model stores none and is scored as before.</summary>
    public const int MaxStored = 1 << 16;

    /// <summary><paramref name="names"/> when there are some and at most <see cref="MaxStored"/>; otherwise null.</summary>
    public static IReadOnlyList<string>? Stored(IReadOnlyList<string>? names) => names is { Count: > 0 and <= MaxStored } ? names : null;
}
