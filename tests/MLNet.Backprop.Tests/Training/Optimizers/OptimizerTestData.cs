using MLNet.Backprop.Network;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>
/// A weight matrix of 37 values and a bias of 29 values with deterministic values and per-step gradients.
/// </summary>
/// <remarks>
/// 37 = 2×16 + 4 + 1 and 29 = 16 + 8 + 4 + 1, so with AVX-512 the two parameters go through every lane width
/// (512, 256, 128 bits) and the scalar tail; with AVX2 only, 37 = 4×8 + 4 + 1. The expected values in the tests are
/// recomputed element by element with plain float arithmetic in the same operation order as the documented formula,
/// so they are compared for exact equality.
/// </remarks>
internal static class OptimizerTestData
{
    public const int WeightLength = 37;
    public const int BiasLength = 29;

    /// <summary>Learning rates of the three steps (a schedule would change η between steps too).</summary>
    public static readonly float[] LearningRates = [0.1f, 0.05f, 0.02f];

    public static Parameter[] CreateParameters()
    {
        var weights = new Parameter("layer0.weights", WeightLength, isWeightMatrix: true);
        var bias = new Parameter("layer0.bias", BiasLength, isWeightMatrix: false);
        for (int i = 0; i < WeightLength; i++) weights.Values[i] = (float)Math.Sin(0.37 * i + 0.1);
        for (int i = 0; i < BiasLength; i++) bias.Values[i] = (float)(0.05 * Math.Cos(0.61 * i));
        return [weights, bias];
    }

    /// <summary>Gradients for step <paramref name="step"/> (0-based): mixed signs, magnitudes from 1e-4 to ~3, and exact zeros.</summary>
    public static void SetGradients(IReadOnlyList<Parameter> parameters, int step)
    {
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] g = parameters[p].Gradients;
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = (i + step) % 7 == 0
                    ? 0f
                    : (float)(Math.Sin(1.3 * i + 2.1 * step + p) * Math.Pow(10, (i % 5) - 3.5) * 3.0);
            }
        }
    }

    public static float[][] CopyValues(IReadOnlyList<Parameter> parameters) => [.. parameters.Select(p => p.Values.ToArray())];

    public static float[][] Zeros(IReadOnlyList<Parameter> parameters) => [.. parameters.Select(p => new float[p.Length])];

    /// <summary>The base class's decoupled weight decay on weight matrices: <c>w ← w·(1 − η·λ)</c>.</summary>
    public static void ApplyWeightDecay(IReadOnlyList<Parameter> parameters, float[][] expected, float learningRate, float weightDecay)
    {
        if (weightDecay == 0f) return;
        float keep = 1f - learningRate * weightDecay;
        for (int p = 0; p < parameters.Count; p++)
        {
            if (!parameters[p].IsWeightMatrix) continue;
            for (int i = 0; i < expected[p].Length; i++) expected[p][i] *= keep;
        }
    }

    public static void ShouldMatch(IReadOnlyList<Parameter> parameters, float[][] expected)
    {
        for (int p = 0; p < parameters.Count; p++) parameters[p].Values.ShouldBe(expected[p], $"values of {parameters[p].Name}");
    }
}
