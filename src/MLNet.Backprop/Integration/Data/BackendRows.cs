using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Training rows a micro-batch backend's workers hold and read; this process knows their layout and summary,
/// and reads the rows a hold-out sets apart (<paramref name="gather"/>, once per <c>Fit</c>: early stopping scores them
/// every epoch, and the calibration fits on them, as for validation data given to <c>Fit</c>).</summary>
/// <param name="layout">All the rows' size and shape.</param>
/// <param name="summary">The counting pass over all the rows (the shards' manifest).</param>
/// <param name="gather">Reads the rows of the given indices, in that order, as given (unbalanced), in the form the network
/// is served (<see cref="TrainingRows.Inputs"/>): a hold-out's share is counted in that form (<see cref="FitPlan.ByRowShare"/>).</param>
internal sealed class BackendRows(RowLayout layout, DataSummary summary, Func<int[], InputShape, TrainingData> gather) : TrainingRows(summary)
{
    public override double MaxAbsFeature => FeatureLimits.MaxMagnitude;

    public override TrainingSet ForNetwork(NetworkRowsRequest request)
    {
        var balance = request.Balance(Summary, "training");
        if (request.RowHoldOut is { } holdOut
            && TrainingSplit.ByRow(checked((int)layout.Rows), holdOut.Seed, holdOut.Share, optional: request.AutomaticHoldOut) is (var training, { Length: > 0 } heldOut))
        {
            // The workers draw the same training rows from the seed and the share (the job carries them); the summary
            // stays the one of all the rows, as in the single-process mode.
            var validation = request.Standardization.ApplyInPlace(gather(heldOut, Inputs));
            return new TrainingSet(null, null, layout with { Rows = training.Length, Inputs = Inputs }, validation, Summary, balance) { RowHoldOut = holdOut };
        }
        return new TrainingSet(null, null, layout with { Inputs = Inputs }, request.Validation, Summary, balance);
    }

    public override void ForEachChunk(int chunkRows, InputChunkAction visit) =>
        throw new InvalidOperationException("The training rows are on the backend's workers; this process cannot read them.");
}
