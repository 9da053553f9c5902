using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Training rows counted once and read again from the data view every epoch (and for the final check).</summary>
/// <param name="open">Opens a fresh cursor over the data view.</param>
/// <param name="summary">The counting pass.</param>
/// <param name="hasWeights">Whether rows carry a weight column.</param>
/// <param name="blockRows">Rows per shuffle block (<c>StreamingBlockSize</c>).</param>
/// <param name="binningSample">The rows the input stage's statistics are learnt from (<see cref="BinningSample"/>) when the
/// counting pass drew them (the options ask for an encoding or the robust scaling); null otherwise.</param>
/// <param name="drawSample">Draws that sample in a pass of its own, for a stage the counting pass could not foresee (the
/// automatic one, resolved from the counted rows); null when there is no feature to sample.</param>
/// <param name="order">The counting pass's labels per block of rows in file order (<see cref="OrderFinding"/>), or null.</param>
internal sealed class StreamedRows(Func<LabeledRowCursor> open, DataSummary summary, bool hasWeights, int blockRows, BinningSample? binningSample = null,
    Func<BinningSample>? drawSample = null, Diagnostics.BlockLabelTally? order = null)
    : TrainingRows(summary)
{
    /// <summary>The finding when the blocks streaming shuffles within are far from samples of the rows
    /// (<see cref="Diagnostics.StreamOrderCheck"/>), advising the widest block the rows allow (once served, their width is
    /// known); null otherwise.</summary>
    public Finding? OrderFinding(string labelColumn)
    {
        if (order is null) return null;
        long rowBytes = StreamingBatchSource.FeatureBytes(Summary, Inputs, Summary.Rows);
        return Diagnostics.StreamOrderCheck.Check(order, StreamingBatchSource.BlockRows(int.MaxValue, Summary.Rows, rowBytes), labelColumn);
    }

    private BinningSample? _sample = binningSample;
    private (TrainingData Data, long[] Rows)? _sampleRows;

    /// <summary>The input stage's sample as training data in row order, with each row's index among all the rows: the
    /// counting pass's, or drawn now (one more pass over the data) when it drew none. The bins, the embedded slots and the
    /// robust scaling all read these rows (the sample's own storage, not a copy) until <see cref="Serve"/> lets them go.</summary>
    public (TrainingData Data, long[] Rows) SampleRows(bool weighted)
    {
        if (_sampleRows is { } rows) return rows;
        var sample = _sample ?? drawSample?.Invoke() ?? throw new InvalidOperationException("The streamed rows have no sample to learn the input stage from.");
        _sample = null; // its storage, put in row order, is the training data now
        _sampleRows = sample.TakeTrainingData(weighted);
        return _sampleRows.Value;
    }

    /// <summary>The input stage is learnt once the plan serves the rows: training does not keep its sample.</summary>
    public override void Serve(InputShape inputs)
    {
        base.Serve(inputs);
        _sample = null;
        _sampleRows = null;
    }

    /// <summary>The reader refuses (or skips) any row with a value beyond ±<see cref="FeatureLimits.MaxMagnitude"/>.</summary>
    public override double MaxAbsFeature => FeatureLimits.MaxMagnitude;

    /// <summary>The automatic share capped by the bytes its rows take in memory (<see cref="StreamedHoldOut.ShareOf"/>).</summary>
    public override float HoldOutShare(float share, bool automatic) => StreamedHoldOut.ShareOf(share, Summary.Rows, StreamedHoldOut.RowBytes(Summary, Inputs), automatic);

    /// <summary>Without the user's validation rows and with a share to hold out, one pass reads the network's held-out rows
    /// into memory and counts its training part (<see cref="StreamedHoldOut"/>); the epochs then skip the held-out rows.</summary>
    public override TrainingSet ForNetwork(NetworkRowsRequest request)
    {
        string part = "training";
        var summary = Summary;
        var validation = request.Validation;
        StreamedHoldOut? holdOut = null;
        if (validation is null && request.HoldOut > 0f)
        {
            var draw = new StreamedHoldOut(request.Seed, request.HoldOut);
            TrainingData? heldOut;
            DataSummary training;
            using (var cursor = open()) (heldOut, training) = draw.Read(cursor, Inputs, request.Classification, hasWeights);
            if (heldOut is not null && training.Rows > 0)
            {
                holdOut = draw;
                summary = training;
                validation = request.Standardization.ApplyInPlace(heldOut); // the rows are this network's own
                part = "training (after the validation split)";
            }
            else if (!request.AutomaticHoldOut) throw TrainingSplit.NothingLeft(request.HoldOut, Summary.Rows, training.Rows, heldOut?.Rows ?? 0);
        }
        var balance = request.Balance(summary, part);
        IBatchSource source = new StreamingBatchSource(open, Summary, hasWeights, balance, blockRows, Inputs, holdOut, summary.Rows);
        var layout = new RowLayout(summary.Rows, source.Inputs, source.TargetWidth, source.HasWeights);
        if (!request.Standardization.IsIdentity) source = new StandardizedBatchSource(source, request.Standardization);
        return new TrainingSet(source, null, layout, validation, summary, balance);
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
