using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>Draws initial weights by the chosen scheme from a seeded generator.</summary>
internal static class WeightInitializer
{
    /// <summary>The scheme asked for, or the activation's own with <see cref="WeightInitialization.Auto"/>.</summary>
    public static WeightInitialization Resolve(WeightInitialization scheme, IActivationFunction activation) =>
        scheme != WeightInitialization.Auto ? scheme : activation.Initialization;

    /// <summary>Fills <paramref name="weights"/>; <paramref name="threads"/> may share the normal schemes' Box–Muller
    /// transforms, which do not change a bit (see <see cref="ParallelNormal"/>).</summary>
    public static void Fill(Span<float> weights, int fanIn, int fanOut, WeightInitialization scheme, Rng rng, int threads = 1)
    {
        switch (scheme)
        {
            case WeightInitialization.HeNormal: Normal(weights, Math.Sqrt(2.0 / fanIn), rng, threads); break;
            case WeightInitialization.HeUniform: Uniform(weights, Math.Sqrt(6.0 / fanIn), rng); break;
            case WeightInitialization.GlorotUniform: Uniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)), rng); break;
            case WeightInitialization.GlorotNormal: Normal(weights, Math.Sqrt(2.0 / (fanIn + fanOut)), rng, threads); break;
            default: throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Resolve Auto before filling.");
        }
    }

    private static void Normal(Span<float> w, double std, Rng rng, int threads)
    {
        if (threads > 1 && w.Length >= ParallelNormal.MinLength)
        {
            ParallelNormal.Fill(w, std, rng, threads);
            return;
        }
        for (int i = 0; i < w.Length; i++) w[i] = (float)(std * rng.NextGaussian());
    }

    private static void Uniform(Span<float> w, double limit, Rng rng)
    {
        for (int i = 0; i < w.Length; i++) w[i] = (float)(limit * (2.0 * rng.NextDouble() - 1.0));
    }
}
