namespace MLNet.Backprop.Numerics;

/// <summary>
/// Counter-based random numbers: every draw is a pure function of a key and a counter (SplitMix64's output function),
/// never the next value of a sequential stream.
/// </summary>
/// <remarks>
/// The micro-batch mode and its distributed form draw the epoch's row order and every dropout mask from here, so any
/// machine can compute any part of a step without replaying a stream, and a checkpoint needs no generator state. A
/// key names what the numbers are for (<see cref="Key"/>); draw i of key k is <c>Mix(k + (i + 1)·γ)</c>, element i of
/// the SplitMix64 sequence seeded with k.
/// </remarks>
internal static class CounterRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Purpose tags of the keys, so that two uses of one seed never share numbers.</summary>
    public const ulong ShufflePurpose = 0x5348554646UL, DropoutPurpose = 0x44524F50UL, ProbePurpose = 0x50524F4245UL,
        HoldOutPurpose = 0x484F4C444F5554UL;

    /// <summary>SplitMix64's finaliser: a bijection of 64-bit values with full avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The key of (seed, purpose, a, b): each part is mixed in, so nearby values give unrelated keys.</summary>
    public static ulong Key(ulong seed, ulong purpose, ulong a = 0, ulong b = 0) =>
        Mix(Mix(Mix(Mix(seed + Gamma) ^ purpose) + a * Gamma) ^ Mix(b + Gamma));

    /// <summary>The 64 random bits of draw <paramref name="counter"/> of <paramref name="key"/>.</summary>
    public static ulong Bits(ulong key, ulong counter) => Mix(key + (counter + 1) * Gamma);

    /// <summary>Uniform in [0, 1) with 24 random bits (exact as a float), like <see cref="Rng.NextFloat"/>.</summary>
    public static float Uniform(ulong key, ulong counter) => (Bits(key, counter) >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) by multiply-shift (bias below bound / 2⁶⁴).</summary>
    public static int Below(ulong key, ulong counter, int bound) => (int)Math.BigMul(Bits(key, counter), (ulong)bound, out _);

    /// <summary>A permutation of 0..n−1 by Fisher–Yates, swap i drawn from counter i: a pure function of the key.</summary>
    public static int[] Permutation(int n, ulong key)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = Below(key, (ulong)i, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
