using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Training rows read once into memory; each network serves its own training side of them in place (an
/// ensemble shares one copy) and copies only its held-out rows.</summary>
internal sealed class InMemoryRows(TrainingData data, DataSummary summary) : TrainingRows(summary)
{
    public TrainingData Data { get; private set; } = data;

    /// <summary>Converts the rows once, dense to sparse or back, when the plan reads them in the other form.</summary>
    public override void Serve(InputShape inputs)
    {
        base.Serve(inputs);
        Data = Data.As(inputs);
    }

    public override double MaxAbsFeature => Data.MaxAbsFeature;

    public override TrainingSet ForNetwork(NetworkRowsRequest request)
    {
        string part = "training";
        int[]? kept = null;
        var validation = request.Validation;
        var summary = Summary;
        var split = request.RowHoldOut is { } byRow ? TrainingSplit.ByRow(Data.Rows, byRow.Seed, byRow.Share, optional: request.AutomaticHoldOut)
            : validation is null && request.HoldOut > 0f ? TrainingSplit.Stratified(Data, request.HoldOut, request.Classification, request.Seed, optional: request.AutomaticHoldOut)
            : default;
        if (split is ({ } training, { Length: > 0 } heldOut))
        {
            kept = training;
            validation = request.Standardization.ApplyInPlace(Data.Select(heldOut)); // the copy is this network's own
            part = "training (after the validation split)";
            // A row-by-row hold-out keeps the summary of all the rows: a cluster's coordinator knows no other without
            // reading every row, and the single-process mode must train as the cluster does.
            if (!request.ByRow) summary = DataSummary.Of(Data, request.Classification, kept);
        }
        var balance = request.Balance(summary, part);
        var source = new InMemoryBatchSource(Data, balance, kept, request.BalancedSampling);
        var layout = new RowLayout(source.RowCount, Data.Inputs, Data.TargetWidth, source.HasWeights);
        // The micro-batch mode reads the rows by index as given (it standardises them itself, as a cluster's workers do:
        // StandardizedRows); the default loop standardises them as they are gathered.
        return request.Standardization.IsIdentity
            ? new TrainingSet(source, source, layout, validation, summary, balance)
            : new TrainingSet(new StandardizedBatchSource(source, request.Standardization), source, layout, validation, summary, balance);
    }

    public override void ForEachChunk(int chunkRows, InputChunkAction visit)
    {
        for (int start = 0; start < Data.Rows; start += chunkRows) visit(Data.View(start, Math.Min(chunkRows, Data.Rows - start)), start);
    }
}
