using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Seeded random inputs and targets for the tests.</summary>
internal static class TestData
{
    public static float[] Normal(int count, ulong seed, float scale = 1f)
    {
        var rng = new Rng(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(scale * rng.NextGaussian());
        return values;
    }

    public static float[] Uniform(int count, ulong seed, float low, float high)
    {
        var rng = new Rng(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = low + (high - low) * rng.NextFloat();
        return values;
    }

    /// <summary>Targets fitting a loss: 0/1 for binary, class indices for softmax, real values otherwise.</summary>
    public static float[] Targets(LossFunction loss, int rows, int outputs, ulong seed)
    {
        var rng = new Rng(seed);
        return loss switch
        {
            LossFunction.BinaryCrossEntropy or LossFunction.BinaryFocal => Enumerable.Range(0, rows * outputs).Select(_ => (float)rng.NextInt(2)).ToArray(),
            LossFunction.SoftmaxCrossEntropy or LossFunction.SoftmaxFocal => Enumerable.Range(0, rows).Select(_ => (float)rng.NextInt(outputs)).ToArray(),
            _ => Enumerable.Range(0, rows * outputs).Select(_ => (float)(2 * rng.NextGaussian())).ToArray(),
        };
    }
}
