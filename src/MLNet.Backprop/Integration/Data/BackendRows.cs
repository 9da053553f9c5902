using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Training rows a micro-batch backend's workers hold and read; this process knows their layout and summary only.</summary>
internal sealed class BackendRows(RowLayout layout, DataSummary summary) : TrainingRows(summary)
{
    public override double MaxAbsFeature => FeatureLimits.MaxMagnitude;

    public override TrainingSet ForNetwork(NetworkRowsRequest request)
    {
        var balance = request.Balance(Summary, "training");
        return new TrainingSet(null, null, layout with { Inputs = Inputs }, request.Validation, Summary, balance);
    }

    public override void ForEachChunk(int chunkRows, InputChunkAction visit) =>
        throw new InvalidOperationException("The training rows are on the backend's workers; this process cannot read them.");
}
