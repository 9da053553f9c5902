namespace MLNet.Backprop.Network.Losses;

/// <summary>The batch-level loss evaluation shared by every <see cref="ILossFunction"/>.</summary>
internal static class LossExtensions
{
    /// <summary>Returns the weighted mean loss; writes dL/dlogits into <paramref name="gradient"/> unless it is empty.</summary>
    public static double Evaluate(this ILossFunction loss, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> weights, Span<float> gradient, int batch, int outputs)
    {
        double totalWeight = LossMath.TotalWeight(weights, batch);
        if (loss is BinaryCrossEntropy) return BinaryCrossEntropy.EvaluateBatch(logits, targets, weights, gradient, batch, outputs, totalWeight);
        int width = loss.TargetWidth(outputs);
        Span<double> row = outputs <= 256 ? stackalloc double[outputs] : new double[outputs];
        double sum = 0;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> z = logits.Slice(i * outputs, outputs);
            ReadOnlySpan<float> y = targets.Slice(i * width, width);
            for (int j = 0; j < outputs; j++) row[j] = z[j];
            float w = LossMath.Weight(weights, i);
            sum += w * loss.RowLoss(row, y, i);
            if (!gradient.IsEmpty) loss.RowGradient(z, y, (float)(w / totalWeight), gradient.Slice(i * outputs, outputs));
        }
        return sum / totalWeight;
    }
}
