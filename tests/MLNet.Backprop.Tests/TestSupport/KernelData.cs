namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Inputs for the bit-exact kernel tests: widths 1–40 and 64, 1024 cover the 512-, 256- and 128-bit lanes and
/// every scalar tail; the values include ±0, ±∞, NaN and subnormals.</summary>
internal static class KernelData
{
    public static readonly float[] Specials =
        [0f, -0f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 3e38f, -3e38f];

    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in Enumerable.Range(1, 40).Concat([64, 1024]))
            foreach (int rows in new[] { 1, 3, 17 })
                data.Add(rows, n);
        return data;
    }

    /// <summary>Mostly random values of both signs, with the special values sprinkled in and some exact zeros.</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Next(8) switch
            {
                0 => Specials[random.Next(Specials.Length)],
                1 => 0f,
                _ => random.NextSingle() * 4f - 2f,
            };
        }
        return values;
    }

    public static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
