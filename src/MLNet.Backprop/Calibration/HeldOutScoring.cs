using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Calibration;

/// <summary>Scores the hold-out rows with a trained network for its calibration.</summary>
internal static class HeldOutScoring
{
    /// <summary>The network's logits on <paramref name="validation"/> (in the network's own input units).</summary>
    /// <exception cref="TrainingDivergedException">A logit is NaN or infinite: like the final output check, a model that
    /// cannot score in float is a divergence, not a calibration to fit.</exception>
    public static HeldOutScores Score(NeuralNetwork network, TrainingData validation, TrainingHistory history)
    {
        int outputs = network.OutputSize;
        var logits = new float[(long)validation.Rows * outputs];
        network.Predict(validation.View(0, validation.Rows), logits);
        for (int i = 0; i < logits.Length; i++)
        {
            if (float.IsFinite(logits[i])) continue;
            throw new TrainingDivergedException(
                $"Training diverged: the trained network gives {logits[i]} on hold-out row {i / outputs} (the validation rows scored for the " +
                "probability calibration): the weights grew too large to score in float. Try a learning rate 10× lower, gradient clipping " +
                "(GradientClipNorm = 1), or Adam/RMSprop.", history.Epochs.Count, 0, history, history.Diagnosis);
        }
        var labels = new float[validation.Rows];
        for (int r = 0; r < validation.Rows; r++) labels[r] = validation.Targets[r * validation.TargetWidth];
        return new HeldOutScores(logits, labels, validation.Weights, outputs);
    }
}
