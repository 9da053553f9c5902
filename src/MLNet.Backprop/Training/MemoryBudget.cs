namespace MLNet.Backprop.Training;

/// <summary>
/// The limits every large buffer is checked against: one .NET array holds at most <see cref="Array.MaxLength"/>
/// elements, and the process may use at most <see cref="AvailableBytes"/> (physical memory or the container's limit).
/// Sizes are products of 32-bit counts, so they are computed as <see cref="long"/> (one product) or <see cref="double"/>
/// (sums of products), never as wrapping <see cref="int"/>s.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>Most elements one array holds.</summary>
    public static long MaxArrayLength => Array.MaxLength;

    /// <summary>Memory this process may use, as the GC sees it (or <see cref="LimitForTests"/>).</summary>
    public static long AvailableBytes => LimitForTests ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>A smaller limit for the calling thread, so tests can exercise the refusals without allocating gigabytes.</summary>
    [ThreadStatic]
    internal static long? LimitForTests;

    /// <summary>A size in bytes for messages: "420 MB", "8.6 GB".</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1e9 => $"{bytes / 1e9:0.#} GB",
        >= 1e6 => $"{bytes / 1e6:0.#} MB",
        >= 1e3 => $"{bytes / 1e3:0.#} kB",
        _ => $"{bytes:0} bytes",
    };
}
