using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

// The micro-batch mode's side of the recorder: unit activity measured where the micro-batches were computed, merged
// here; and the epoch's running totals as a value, so a checkpoint taken in the middle of an epoch resumes them.
internal sealed partial class LayerStatisticsRecorder
{
    /// <summary>Records the unit activity of one micro-batch's rows (the worker side of <see cref="RecordBatch(Workspace, int)"/>).</summary>
    public static void Measure(NeuralNetwork network, Workspace ws, int rows, UnitActivity activity)
    {
        for (int l = 0, firstUnit = 0; l < network.Layers.Count; firstUnit += network.Layers[l].OutputSize, l++)
        {
            DenseLayer layer = network.Layers[l];
            int n = layer.OutputSize;
            if (layer.Function.CanDie)
                LayerKernels.MarkPositiveColumns(ws.Z[l].AsSpan(0, rows * n), activity.EverActive.AsSpan(firstUnit, n), rows, n);
            else if (layer.Function.CanSaturate)
            {
                activity.Saturated[l] += layer.Function.CountSaturated(ws.A[l].AsSpan(0, rows * n));
                activity.Activations[l] += rows * n;
            }
        }
    }

    private void MergeUnits(int l, DenseLayer layer, UnitActivity activity, int firstUnit)
    {
        if (layer.Function.CanDie)
            TensorPrimitives.Max(_everActive[l], activity.EverActive.AsSpan(firstUnit, layer.OutputSize), _everActive[l]);
        else if (layer.Function.CanSaturate)
        {
            _saturated[l] += activity.Saturated[l];
            _activations[l] += activity.Activations[l];
        }
    }

    /// <summary>The epoch's totals so far (histograms and update ratios are taken at the epoch's last step, so they are
    /// not part of it).</summary>
    public RecorderState Capture() => new(_batches, (double[])_normSum.Clone(), (double[])_normMax.Clone(), (long[])_nonFinite.Clone(),
        (long[])_saturated.Clone(), (long[])_activations.Clone(), _everActive.Select(a => (float[])a.Clone()).ToArray());

    /// <summary>Continues an epoch from <paramref name="state"/> (instead of <see cref="BeginEpoch"/>).</summary>
    public void Restore(RecorderState state)
    {
        BeginEpoch();
        _batches = state.Batches;
        state.NormSum.CopyTo(_normSum, 0);
        state.NormMax.CopyTo(_normMax, 0);
        state.NonFinite.CopyTo(_nonFinite, 0);
        state.Saturated.CopyTo(_saturated, 0);
        state.Activations.CopyTo(_activations, 0);
        for (int l = 0; l < _everActive.Length; l++) state.EverActive[l].CopyTo(_everActive[l], 0);
    }
}

/// <summary>A <see cref="LayerStatisticsRecorder"/>'s totals in the middle of an epoch.</summary>
internal sealed record RecorderState(int Batches, double[] NormSum, double[] NormMax, long[] NonFinite, long[] Saturated, long[] Activations,
    float[][] EverActive);
