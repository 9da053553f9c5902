using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Training;

/// <summary>
/// Computes micro-batch gradient sums: the one function that the single-process micro-batch mode and every distributed
/// worker run, so both produce the same bits. Holds its own copy of the network and buffers: one per thread.
/// </summary>
/// <remarks>Per micro-batch: gather the rows, forward with counter-based dropout, the loss with Σw = 1 (so the
/// gradient rows are wᵢ·∂lᵢ/∂logits, unscaled), backward without L2 (the coordinator adds it once to the reduced
/// step), then copy the gradients out. Each product runs on one thread with k = the micro-batch's rows.</remarks>
internal sealed class MicroBatchComputer
{
    private readonly NeuralNetwork _network;
    private readonly ILossFunction _loss;
    private readonly IRowSource _rows;
    private readonly bool _unitStatistics;
    private readonly Workspace _workspace;
    private readonly InputBatch _inputs;
    private readonly float[] _targets, _weights;
    private readonly int[] _units;
    private readonly Parameter? _sparse; // the first layer's weights on a sparse path (they list the rows a step touches), or null
    private readonly int _sparseOffset;

    public MicroBatchComputer(NeuralNetwork architecture, ILossFunction loss, IRowSource rows, int microBatchSize, bool unitStatistics)
    {
        _network = architecture.Clone();
        _loss = loss;
        _rows = rows;
        _unitStatistics = unitStatistics;
        _workspace = new Workspace(_network, microBatchSize);
        _inputs = new InputBatch(rows.Inputs, microBatchSize);
        _targets = new float[microBatchSize * rows.TargetWidth];
        _weights = new float[rows.HasWeights ? microBatchSize : 0];
        _units = _network.Layers.Select(l => l.OutputSize).ToArray();
        var weights = _network.Input.Layer.WeightParameter;
        if (weights.Touched is not null) (_sparse, _sparseOffset) = (weights, ParameterVector.OffsetOf(_network, weights));
    }

    /// <summary>Parameters of the network (the length of every gradient vector).</summary>
    public int ParameterCount => _network.ParameterCount;

    /// <summary>Sets the weights the next micro-batches are computed at.</summary>
    public void LoadWeights(ReadOnlySpan<float> weights) => ParameterVector.LoadValues(_network, weights);

    /// <summary>The gradient sum of the rows <paramref name="rows"/> (in that order) into <paramref name="buffer"/>'s vector.</summary>
    public GradientSum Compute(ReadOnlySpan<int> rows, CounterDropout dropout, GradientBuffer buffer)
    {
        var activity = UnitActivity.Empty(_units);
        float[] gradient = buffer.Vector;
        int count = rows.Length;
        if (count == 0)
        {
            Array.Clear(gradient);
            return new GradientSum(gradient, 0, 0, activity, _sparse is null ? null : Block([]));
        }
        _rows.Gather(rows, _inputs, _targets, _weights);
        ReadOnlySpan<float> weights = _rows.HasWeights ? _weights.AsSpan(0, count) : default;
        var inputs = _inputs.View(count);
        var logits = _network.Forward(_workspace, inputs, training: true, null, 1, dropout);
        double loss = _loss.Evaluate(logits, _targets.AsSpan(0, count * _rows.TargetWidth), weights, _workspace.Delta[^1], count, _network.OutputSize,
            totalWeight: 1.0);
        _network.Backward(_workspace, inputs, 1);
        var sparse = CopyGradients(buffer);
        if (_unitStatistics) LayerStatisticsRecorder.Measure(_network, _workspace, count, activity);
        return new GradientSum(gradient, loss, WeightSum(weights, count), activity, sparse);
    }

    /// <summary>Copies the gradients into the buffer's vector: the whole of every parameter but a sparse first layer's
    /// weights, of which only the rows the backward pass listed (the others are +0 in the network and are set to +0 in the
    /// vector, clearing the rows its last use listed): the same bits as a copy of everything, at the cost of the touched
    /// rows (177,833 × 64 values on a text set, of which a micro-batch of reviews touches a few thousand rows).
    /// Returns the rows written, or null when the vector is dense.</summary>
    private SparseBlock? CopyGradients(GradientBuffer buffer)
    {
        var gradient = buffer.Vector.AsSpan();
        if (_sparse is not { Touched: { All: false, Compact: false } touched } sparse)
        {
            ParameterVector.CopyGradients(_network, gradient);
            return null;
        }
        ParameterVector.CopyGradients(_network, gradient, except: sparse);
        int n = touched.RowWidth;
        var block = gradient.Slice(_sparseOffset, sparse.Length);
        if (buffer.DirtyRows is not { } dirty) block.Clear();
        else
            foreach (int row in dirty) block.Slice(row * n, n).Clear();
        var rows = touched.Rows.ToArray();
        Array.Sort(rows);
        foreach (int row in rows) sparse.Gradients.AsSpan(row * n, n).CopyTo(block.Slice(row * n, n));
        return Block(rows);
    }

    private SparseBlock Block(int[] rows) => new(_sparseOffset, _sparse!.Touched!.RowCount, _sparse.Touched.RowWidth, rows);

    private static double WeightSum(ReadOnlySpan<float> weights, int count)
    {
        if (weights.IsEmpty) return count;
        double sum = 0;
        foreach (float w in weights) sum += w;
        return sum;
    }
}
