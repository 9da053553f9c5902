using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

/// <summary>The one-loop batch evaluation of binary cross-entropy against the per-row interface methods, bit for bit.</summary>
public class BinaryCrossEntropyBatchTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(64, 1, false)]
    [InlineData(37, 3, true)]
    [InlineData(5, 1, true)]
    public void Evaluate_AnyBatch_EqualsRowByRowFormula(int batch, int outputs, bool weighted)
    {
        var random = new Random(batch * 10 + outputs);
        float[] logits = Enumerable.Range(0, batch * outputs).Select(i => i % 11 == 0 ? (i % 2 == 0 ? 60f : -60f) : (random.NextSingle() - 0.5f) * 12f).ToArray();
        float[] targets = Enumerable.Range(0, batch * outputs).Select(_ => random.Next(2) * 1f).ToArray();
        float[] weights = weighted ? Enumerable.Range(0, batch).Select(i => i % 4 == 0 ? 0f : random.NextSingle() * 3f).ToArray() : [];
        var loss = new BinaryCrossEntropy();

        // The reference: the generic per-row loop (copy the logits to double, RowLoss, RowGradient).
        double totalWeight = weighted ? weights.Sum(w => (double)w) : batch;
        var expectedGradient = new float[batch * outputs];
        double expected = 0;
        for (int i = 0; i < batch; i++)
        {
            var z = logits.AsSpan(i * outputs, outputs);
            var y = targets.AsSpan(i * outputs, outputs);
            double[] row = [.. z.ToArray().Select(v => (double)v)];
            float w = weighted ? weights[i] : 1f;
            expected += w * loss.RowLoss(row, y, i);
            loss.RowGradient(z, y, (float)(w / totalWeight), expectedGradient.AsSpan(i * outputs, outputs));
        }
        expected /= totalWeight;

        var gradient = new float[batch * outputs];
        double actual = loss.Evaluate(logits, targets, weights, gradient, batch, outputs);

        BitConverter.DoubleToInt64Bits(actual).ShouldBe(BitConverter.DoubleToInt64Bits(expected));
        gradient.Select(BitConverter.SingleToInt32Bits).ShouldBe(expectedGradient.Select(BitConverter.SingleToInt32Bits));
    }
}
