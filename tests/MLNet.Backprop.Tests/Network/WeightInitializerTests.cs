using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Network;

public class WeightInitializerTests
{
    [Theory]
    [InlineData(WeightInitialization.HeNormal, 2)]
    [InlineData(WeightInitialization.GlorotNormal, 2)]
    [InlineData(WeightInitialization.HeNormal, 3)]
    [InlineData(WeightInitialization.HeUniform, 2)]
    public void Fill_SeveralThreads_BitIdenticalToTheSequentialDraw(WeightInitialization scheme, int threads)
    {
        // Long enough for the parallel path and several chunks, with a ragged last chunk.
        const int Length = 3 * (1 << 14) + 123;
        var sequential = new float[Length];
        var parallel = new float[Length];
        WeightInitializer.Fill(sequential, 300, 200, scheme, new Rng(11), threads: 1);
        var rng = new Rng(11);
        WeightInitializer.Fill(parallel, 300, 200, scheme, rng, threads);

        parallel.Select(BitConverter.SingleToInt32Bits).ShouldBe(sequential.Select(BitConverter.SingleToInt32Bits));
        var reference = new Rng(11);
        for (int i = 0; i < 2 * Length; i++) reference.NextDouble();
        if (scheme is WeightInitialization.HeNormal or WeightInitialization.GlorotNormal)
            rng.NextUInt64().ShouldBe(reference.NextUInt64()); // the generator moved on by exactly two draws per weight
    }

    [Fact]
    public void Create_TwoThreads_SameNetworkAsOneThread()
    {
        NeuralNetwork Make(int threads) => NeuralNetwork.Create(new NetworkOptions
        { Activation = Activation.ReLU,
            InputSize = 300, HiddenLayers = [256, 64], Seed = 5, NumberOfThreads = threads,
        });
        var one = Make(1);
        var two = Make(2);
        for (int p = 0; p < one.Parameters.Count; p++)
            two.Parameters[p].Values.Select(BitConverter.SingleToInt32Bits).ShouldBe(one.Parameters[p].Values.Select(BitConverter.SingleToInt32Bits));
    }
}
