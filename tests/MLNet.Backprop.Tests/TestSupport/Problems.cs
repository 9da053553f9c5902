using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Small classic learning problems, generated from a seed.</summary>
internal static class Problems
{
    public static TrainingData Xor() => new([0, 0, 0, 1, 1, 0, 1, 1], 4, 2, [0, 1, 1, 0]);

    /// <summary>y = sin(x) + N(0, noise²), x uniform in [−π, π].</summary>
    public static TrainingData NoisySine(int rows, float noise, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = (float)((2 * rng.NextDouble() - 1) * Math.PI);
            y[i] = (float)(Math.Sin(x[i]) + noise * rng.NextGaussian());
        }
        return new TrainingData(x, rows, 1, y);
    }

    /// <summary>Three interleaved spiral arms (the classic CS231n data), class index targets.</summary>
    public static TrainingData Spiral(int perClass, ulong seed, int classes = 3)
    {
        var rng = new Rng(seed);
        int rows = perClass * classes;
        var x = new float[rows * 2];
        var y = new float[rows];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                int row = c * perClass + i;
                double r = (double)i / perClass;
                double t = c * 4.0 + 4.0 * r + 0.2 * rng.NextGaussian();
                x[2 * row] = (float)(r * Math.Sin(t));
                x[2 * row + 1] = (float)(r * Math.Cos(t));
                y[row] = c;
            }
        }
        return new TrainingData(x, rows, 2, y);
    }
}
