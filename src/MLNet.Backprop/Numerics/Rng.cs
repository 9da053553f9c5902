namespace MLNet.Backprop.Numerics;

/// <summary>
/// xoshiro256** pseudo-random generator seeded through SplitMix64.
/// </summary>
/// <remarks>
/// Our own generator rather than <see cref="Random"/> so that a seed means the same stream of numbers on every
/// platform and .NET version: reproducibility of trained weights is a product promise.
/// </remarks>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A child generator whose stream depends only on this one's next output (for independent sub-streams).</summary>
    public Rng Fork() => new(NextUInt64());

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits, exactly representable as a float.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), unbiased (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "Must be positive.");
        ulong range = (ulong)maxExclusive;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong product = x * range;
            ulong low = product & 0xFFFFFFFF;
            if (low >= (0x1_0000_0000UL - range) % range) return (int)(product >> 32);
        }
    }

    /// <summary>Standard normal sample (Box–Muller; the second value is discarded to keep the stream simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        return Gaussian(u1, u2);
    }

    /// <summary>The Box–Muller transform of <see cref="NextGaussian"/>: u1 in (0, 1], u2 in [0, 1).</summary>
    public static double Gaussian(double u1, double u2) => Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
