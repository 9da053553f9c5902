using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// Inverted dropout after a hidden layer, both ways: in training each output is kept with probability 1 − p and scaled
/// by 1/(1 − p) (so the expected output is unchanged and scoring needs no rescaling), or zeroed; backward multiplies
/// dL/doutput by the same mask.
/// </summary>
internal static class Dropout
{
    /// <summary>mask[i] = 0 with probability <paramref name="rate"/>, else 1/(1 − rate); output[i] = a[i]·mask[i].</summary>
    public static void Forward(float rate, ReadOnlySpan<float> a, Span<float> mask, Span<float> output, Rng rng)
    {
        float keepScale = 1f / (1f - rate);
        for (int i = 0; i < a.Length; i++)
        {
            float m = rng.NextFloat() < rate ? 0f : keepScale;
            mask[i] = m;
            output[i] = a[i] * m;
        }
    }

    /// <summary>The same mask drawn counter-based (the micro-batch mode): mask[i] = 0 when
    /// <c>CounterRandom.Uniform(key, firstCounter + i)</c> &lt; <paramref name="rate"/>, so any part of a batch gets the
    /// same mask wherever it is computed.</summary>
    public static void Forward(float rate, ReadOnlySpan<float> a, Span<float> mask, Span<float> output, ulong key, ulong firstCounter)
    {
        float keepScale = 1f / (1f - rate);
        for (int i = 0; i < a.Length; i++)
        {
            float m = CounterRandom.Uniform(key, firstCounter + (ulong)i) < rate ? 0f : keepScale;
            mask[i] = m;
            output[i] = a[i] * m;
        }
    }

    /// <summary>dL/da = dL/doutput ⊙ mask, in place.</summary>
    public static void Backward(ReadOnlySpan<float> mask, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= mask[i];
    }
}
