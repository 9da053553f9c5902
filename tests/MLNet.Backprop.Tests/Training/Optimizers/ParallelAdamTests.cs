using MLNet.Backprop.Network;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>Adam and AdamW split large parameters over threads; the element-wise update must not notice.</summary>
public class ParallelAdamTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Step_TwoThreads_BitIdenticalToOne(OptimizerKind kind)
    {
        // 200 003 values: several parts of at least 32 768, and a ragged end for the scalar tail.
        float[] one = Run(kind, threads: 1), two = Run(kind, threads: 2), four = Run(kind, threads: 4);
        two.SequenceEqual(one).ShouldBeTrue();
        four.SequenceEqual(one).ShouldBeTrue();
    }

    private static float[] Run(OptimizerKind kind, int threads)
    {
        var weights = new Parameter("layer0.weights", 200_003, isWeightMatrix: true);
        var bias = new Parameter("layer0.bias", 7, isWeightMatrix: false);
        var random = new Random(5);
        foreach (var p in new[] { weights, bias })
            for (int i = 0; i < p.Length; i++) p.Values[i] = random.NextSingle() - 0.5f;
        var optimizer = OptimizerFactory.Create(kind, [weights, bias], new OptimizerSettings());
        optimizer.DegreeOfParallelism = threads;
        for (int step = 0; step < 3; step++)
        {
            foreach (var p in new[] { weights, bias })
                for (int i = 0; i < p.Length; i++) p.Gradients[i] = MathF.Sin(i * 0.37f + step) * 0.1f;
            optimizer.Step(1e-2f);
        }
        return [.. weights.Values, .. bias.Values];
    }
}
