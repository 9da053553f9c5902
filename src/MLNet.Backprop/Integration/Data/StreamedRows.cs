using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Training rows counted once and read again from the data view every epoch (and for the final check).</summary>
/// <param name="open">Opens a fresh cursor over the data view.</param>
/// <param name="summary">The counting pass.</param>
/// <param name="hasWeights">Whether rows carry a weight column.</param>
/// <param name="blockRows">Rows per shuffle block (<c>StreamingBlockSize</c>).</param>
/// <param name="binningSample">With <see cref="NumericEncoding.PiecewiseLinear"/>: the rows the bin edges are learnt from,
/// drawn by the counting pass; null otherwise.</param>
internal sealed class StreamedRows(Func<LabeledRowCursor> open, DataSummary summary, bool hasWeights, int blockRows, BinningSample? binningSample = null)
    : TrainingRows(summary)
{
    private BinningSample? _sample = binningSample;

    /// <summary>The counting pass's bin sample, once: training does not keep it.</summary>
    public BinningSample? TakeBinningSample() => Interlocked.Exchange(ref _sample, null);

    /// <summary>The reader refuses (or skips) any row with a value beyond ±<see cref="FeatureLimits.MaxMagnitude"/>.</summary>
    public override double MaxAbsFeature => FeatureLimits.MaxMagnitude;

    public override TrainingSet ForNetwork(NetworkRowsRequest request)
    {
        var balance = request.Balance(Summary, "training");
        IBatchSource source = new StreamingBatchSource(open, Summary, hasWeights, balance, blockRows, Inputs);
        var layout = new RowLayout(Summary.Rows, source.Inputs, source.TargetWidth, source.HasWeights);
        if (!request.Standardization.IsIdentity) source = new StandardizedBatchSource(source, request.Standardization);
        return new TrainingSet(source, null, layout, request.Validation, Summary, balance);
    }

    public override void ForEachChunk(int chunkRows, InputChunkAction visit)
    {
        var chunk = new InputBatch(Inputs, chunkRows);
        using var cursor = open();
        long row = 0;
        int count = 0;
        while (cursor.TryRead(out _, out _))
        {
            if (count == 0 && Inputs.SparseWidth > 0) chunk.SparseOffsets[0] = 0;
            cursor.CopyTo(chunk, count);
            if (++count < chunkRows) continue;
            visit(chunk.View(count), row);
            row += count;
            count = 0;
        }
        if (count > 0) visit(chunk.View(count), row);
    }
}
