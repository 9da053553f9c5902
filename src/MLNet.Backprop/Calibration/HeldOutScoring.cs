using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Calibration;

/// <summary>Scores the hold-out rows with a trained network for its calibration.</summary>
internal static class HeldOutScoring
{
    /// <summary>The network's logits on <paramref name="validation"/> (in the network's own input units).</summary>
    /// <exception cref="TrainingDivergedException">A logit is NaN or infinite: like the final output check, a model that
    /// cannot score in float is a divergence, not a calibration to fit.</exception>
    public static HeldOutScores Score(NeuralNetwork network, TrainingData validation, TrainingHistory history, OptimizerKind optimizer)
    {
        int outputs = network.OutputSize;
        var logits = new float[(long)validation.Rows * outputs];
        network.Predict(validation.View(0, validation.Rows), logits);
        for (int i = 0; i < logits.Length; i++)
        {
            if (float.IsFinite(logits[i])) continue;
            throw new TrainingDivergedException(
                $"Training diverged: the trained network gives {logits[i]} on hold-out row {i / outputs} (the validation rows scored for the " +
                $"probability calibration): the weights grew too large to score in float. {OverflowRemedies.For(optimizer)}",
                history.Epochs.Count, 0, history, history.Diagnosis);
        }
        var labels = new float[validation.Rows];
        for (int r = 0; r < validation.Rows; r++) labels[r] = validation.Targets[r * validation.TargetWidth];
        return new HeldOutScores(logits, labels, validation.Weights, outputs);
    }

    /// <summary>The hold-out of a model whose networks were scored on <paramref name="parts"/>. When every network
    /// validated on the same rows (the user's validation data) they are the model's rows and the mean of the networks'
    /// logits is the model's logit on them. When each network held its own rows out, a row is unseen only by the
    /// network that held it out: each network's logits on its own rows are pooled (an ensemble of 4 calibrates on 4
    /// hold-outs' rows, each scored out of sample).</summary>
    public static HeldOutScores? Pool(IReadOnlyList<HeldOutScores?> parts, bool sameRows)
    {
        var scored = parts.OfType<HeldOutScores>().ToArray();
        if (scored.Length == 0) return null;
        if (scored.Length == 1) return scored[0];
        if (sameRows)
        {
            var mean = new float[scored[0].Logits.Length];
            for (int i = 0; i < mean.Length; i++)
            {
                double sum = 0;
                foreach (var part in scored) sum += part.Logits[i];
                mean[i] = (float)(sum / scored.Length);
            }
            return scored[0] with { Logits = mean };
        }
        float[]? weights = scored.All(p => p.Weights is null) ? null
            : scored.SelectMany(p => p.Weights ?? Enumerable.Repeat(1f, p.Labels.Length).ToArray()).ToArray();
        return new HeldOutScores(scored.SelectMany(p => p.Logits).ToArray(), scored.SelectMany(p => p.Labels).ToArray(), weights, scored[0].Outputs);
    }
}
