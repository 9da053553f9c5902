namespace MLNet.Backprop.Training;

/// <summary>What counts as a usable feature value.</summary>
internal static class FeatureLimits
{
    /// <summary>
    /// Largest accepted |feature value|: 1e15. Beyond it the products of a layer overflow float32 or swamp every other
    /// feature, so such a value is treated like NaN (an error naming the row, or a skipped row when asked) rather than
    /// silently producing a useless model. Normalised features are of order 1.
    /// </summary>
    public const float MaxMagnitude = 1e15f;

    /// <summary>True when <paramref name="value"/> is finite and within ±<see cref="MaxMagnitude"/>.</summary>
    public static bool IsUsable(float value) => MathF.Abs(value) <= MaxMagnitude;
}
