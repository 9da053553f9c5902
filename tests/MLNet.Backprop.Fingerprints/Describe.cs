using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Fingerprints;

/// <summary>Exact text forms of a model's parts. The only file that follows the library's API as it changes.</summary>
internal static class Describe
{
    /// <summary>Every network's weights; the networks after the first and a target scaling are only written when the
    /// model has them, so that a one-network model without target scaling describes as it always did.</summary>
    public static void Weights(BackpropModel model, StringBuilder text)
    {
        for (int n = 0; n < model.Networks.Count; n++)
        {
            if (n > 0) text.Append($"network {n}\n");
            foreach (var layer in model.Networks[n].Layers)
            {
                foreach (var (name, values) in new[] { ("weights", layer.Weights), ("bias", layer.Bias) })
                {
                    text.Append($"layer{layer.Index}.{name}:");
                    foreach (float v in values.Span) text.Append(' ').Append(Runner.Bits(v));
                    text.Append('\n');
                }
            }
        }
        if (model.TargetOffset != 0f || model.TargetScale != 1f)
            text.Append($"target offset {Runner.Bits(model.TargetOffset)} scale {Runner.Bits(model.TargetScale)}\n");
    }

    public static void History(TrainingHistory history, StringBuilder text)
    {
        text.Append($"best {history.BestEpoch} stop {history.StopReason}\n");
        foreach (var e in history.Epochs)
        {
            text.Append($"epoch {e.Epoch} loss {Runner.Bits(e.TrainingLoss)} vloss {Runner.Bits(e.ValidationLoss)} vmetric {Runner.Bits(e.ValidationMetric)} " +
                $"lr {Runner.Bits(e.LearningRate)} gmean {Runner.Bits(e.GradientNormMean)} gmax {Runner.Bits(e.GradientNormMax)} clipped {e.ClippedBatches} batches {e.Batches}\n");
            foreach (var l in e.Layers)
            {
                text.Append($"  layer {l.Layer} gmean {Runner.Bits(l.GradientNormMean)} gmax {Runner.Bits(l.GradientNormMax)} w {Runner.Bits(l.WeightNorm)} " +
                    $"update {Runner.Bits(l.UpdateRatio)} nonfinite {l.NonFiniteCount} dead {Runner.Bits(l.DeadUnitShare)} sat {Runner.Bits(l.SaturatedShare)} rms {Runner.Bits(l.GradientRms)}");
                if (l.GradientHistogram is { } h) text.Append($" hist {string.Join(',', h.Counts)} zeros {h.Zeros}");
                text.Append('\n');
            }
            foreach (var f in e.Findings) Finding(f, text);
        }
    }

    public static void Diagnosis(TrainingDiagnosis diagnosis, StringBuilder text)
    {
        foreach (var f in diagnosis.Findings) Finding(f, text);
    }

    private static void Finding(Finding f, StringBuilder text)
    {
        text.Append("  finding ").Append(f).Append('\n');
        foreach (var (name, value) in f.Evidence.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append("    ").Append(name).Append(' ').Append(Runner.Bits(value)).Append('\n');
    }

    public static void Scores(IDataView scored, StringBuilder text)
    {
        var column = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                foreach (float v in value.DenseValues()) text.Append(Runner.Bits(v)).Append(' ');
                text.Append('\n');
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                text.Append(Runner.Bits(value)).Append('\n');
            }
        }
    }
}
