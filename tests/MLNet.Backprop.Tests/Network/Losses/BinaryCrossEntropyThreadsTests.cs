using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

public class BinaryCrossEntropyThreadsTests
{
    [Theory]
    [InlineData(300, 1, false, true)]
    [InlineData(300, 1, true, true)]
    [InlineData(257, 3, true, true)]
    [InlineData(512, 1, false, false)]
    public void Evaluate_SeveralThreads_BitIdenticalToOne(int batch, int outputs, bool weighted, bool withGradient)
    {
        var random = new Random(batch + outputs);
        // Logits within ±8: row losses are inexact doubles of varied size, so the batch sum depends on the order of its additions.
        var logits = Enumerable.Range(0, batch * outputs).Select(_ => random.NextSingle() * 16f - 8f).ToArray();
        var targets = Enumerable.Range(0, batch * outputs).Select(_ => (float)random.Next(2)).ToArray();
        float[] weights = weighted ? Enumerable.Range(0, batch).Select(_ => random.NextSingle() * 2f).ToArray() : [];
        var (oneLoss, oneGradient) = Evaluate(1, logits, targets, weights, batch, outputs, withGradient);
        foreach (int threads in new[] { 2, 3 })
        {
            var (loss, gradient) = Evaluate(threads, logits, targets, weights, batch, outputs, withGradient);
            BitConverter.DoubleToInt64Bits(loss).ShouldBe(BitConverter.DoubleToInt64Bits(oneLoss), $"{threads} threads");
            Bits(gradient).ShouldBe(Bits(oneGradient), $"{threads} threads");
        }
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static (double Loss, float[] Gradient) Evaluate(int threads, float[] logits, float[] targets, float[] weights, int batch, int outputs, bool withGradient)
    {
        var loss = LossFunctions.Create(LossFunction.BinaryCrossEntropy, threads: threads);
        var gradient = new float[withGradient ? batch * outputs : 0];
        double value = loss.Evaluate(logits, targets, weights, gradient, batch, outputs);
        return (value, gradient);
    }
}
