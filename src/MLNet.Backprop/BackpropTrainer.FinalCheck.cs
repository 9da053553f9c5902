using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// The model as it will score: each network checked its own outputs on the rows it trained on, but in the units it
// trained in. Folding the feature standardisation into the first layer, averaging the networks and undoing the label's
// standardisation can still overflow float (a diverging regression whose label has a standard deviation of 1e14 is
// finite in standard units and infinite in the label's), so the finished model scores the training rows once more,
// unless its weights alone bound every output (OutputBound), as they do for nearly every healthy model.
public sealed partial class BackpropTrainer
{
    /// <summary>Values per chunk of rows scored at once (4 MB of features, whatever the width).</summary>
    private const int CheckChunkValues = 1 << 20;

    /// <summary>Throws <see cref="TrainingDivergedException"/> when the model gives a non-finite output on a training row
    /// (when the plan makes the model's check the trainer's: <see cref="FinalOutputCheck.Model"/>).</summary>
    private static void CheckModelOutputs(BackpropModel model, TrainingRows rows, FitPlan plan)
    {
        if (plan.FinalCheck != FinalOutputCheck.Model) return;
        // Rows in memory: their largest |value|; streamed rows: the reader's limit, which every row read obeys.
        if (Certain(model, rows.MaxAbsFeature)) return;
        // A sparse row holds its non-zeros (a slot and a value each), a dense one its width.
        int columns = plan.Inputs.SparseWidth > 0 ? (int)Math.Min(int.MaxValue, 2L * Math.Max(1, rows.Summary.MaxRowNonZeros)) : rows.Summary.Columns;
        int outputs = model.Network.OutputSize;
        int chunk = Math.Clamp(CheckChunkValues / Math.Max(columns, outputs), 1, 1024);
        var sum = new float[chunk * outputs];
        var logits = new float[chunk * outputs];
        rows.ForEachChunk(chunk, (in InputView input, long firstRow) => CheckChunk(model, input, sum, logits, firstRow, plan.Training.Optimizer));
    }

    /// <summary>Whether the weights alone prove every output finite on the rows (no pass over them needed).</summary>
    private static bool Certain(BackpropModel model, double maxAbs)
    {
        double scale = Math.Abs((double)model.TargetScale), offset = Math.Abs((double)model.TargetOffset);
        return model.Networks.All(n => OutputBound.Of(n, maxAbs) * scale + offset < OutputBound.Certain);
    }

    private static void CheckChunk(BackpropModel model, in InputView input, float[] sum, float[] logits, long firstRow, OptimizerKind optimizer)
    {
        int outputs = model.Network.OutputSize, values = input.Rows * outputs;
        model.Networks[0].Predict(input, sum);
        for (int m = 1; m < model.Networks.Count; m++)
        {
            model.Networks[m].Predict(input, logits);
            for (int i = 0; i < values; i++) sum[i] += logits[i];
        }
        for (int i = 0; i < values; i++)
        {
            float output = sum[i] / model.Networks.Count * model.TargetScale + model.TargetOffset;
            if (float.IsFinite(output)) continue;
            long row = firstRow + i / outputs;
            var history = model.History;
            throw new TrainingDivergedException(
                $"Training diverged: the finished model gives {output} on training row {row} (its {model.Networks.Count} network(s) averaged" +
                (model.TargetScale != 1f || model.TargetOffset != 0f ? $", × the label's standard deviation {model.TargetScale:G4} + its mean {model.TargetOffset:G4}" : "") +
                $", with the feature standardisation folded into the first layer): the weights grew too large to score in float. {OverflowRemedies.For(optimizer)}",
                history.Epochs.Count, 0, history, history.Diagnosis);
        }
    }
}
