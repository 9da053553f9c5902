using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Workers;

/// <summary>A worker's side of one training run: the shards opened and checked, and the micro-batch computer.</summary>
internal sealed class DistributedJob : IDisposable
{
    private readonly ShardRows _rows;
    private readonly IRowSource _training;
    private readonly MicroBatchComputer _computer;
    private readonly EpochOrder _order;

    public DistributedJob(JobSpec spec)
    {
        Spec = spec;
        var balance = spec.BalanceLabels is null ? null
            : new ClassBalance(new Dictionary<float, double>(spec.BalanceLabels.Zip(spec.BalanceWeights!, KeyValuePair.Create)), spec.BalanceExponent);
        var parts = spec.Inputs.Select(p => p.ToDescription()).ToArray();
        var keyCounts = parts.Where(p => InputParts.ReadsKey(p.Kind)).Select(p => p.Slots - 1).ToArray();
        // The parts reading the dense block share it (two encodings of the same features side by side read it once).
        _rows = new ShardRows(spec.Shards, balance, InputShape.Of(parts), keyCounts);
        try
        {
            // A row-by-row hold-out: the worker draws the coordinator's training rows from the seed and the share alone.
            // Only the held-out rows are indexed (a tenth of them), not every training row.
            var heldOut = spec.HoldOutShare > 0f ? TrainingSplit.HeldOutRows(_rows.RowCount, spec.HoldOutSeed, spec.HoldOutShare) : null;
            int kept = _rows.RowCount - (heldOut?.Length ?? 0);
            if (kept != spec.Rows)
                throw new InvalidDataException($"The shards hold {_rows.RowCount} rows" + (heldOut is null ? "" : $", {kept} of them for training after the hold-out") +
                    $"; the run expects {spec.Rows}.");
            ShardLayoutCheck.Verify(_rows, spec);
            IRowSource training = heldOut is null ? _rows : new RowsAfterHoldOut(_rows, heldOut);
            // The coordinator's maps, applied as the single-process mode applies them.
            _training = Map(spec) is { } map ? new StandardizedRows(training, map) : training;
        }
        catch
        {
            _rows.Dispose();
            throw;
        }
        Plan = new MicroBatchPlan(spec.Rows, spec.BatchSize, spec.MicroBatchSize);
        _computer = new MicroBatchComputer(Network(spec), LossFunctions.Create(new LossSpec(spec.Loss, spec.LossParameter)), _training, Plan.MicroBatchSize, spec.UnitStatistics);
        _order = new EpochOrder(spec.Rows, spec.Seed, spec.Shuffle);
        Fingerprint = NumericsFingerprint.Of(spec);
    }

    public JobSpec Spec { get; }

    public MicroBatchPlan Plan { get; }

    public string Fingerprint { get; }

    /// <summary>The network of a job's architecture, weights zero (they come with each step).</summary>
    public static NeuralNetwork Network(JobSpec spec) =>
        NeuralNetwork.FromLayers(spec.Inputs.Select(p => p.ToDescription()).ToArray(), spec.Layers.Select(l => l.ToDescription()).ToArray());

    /// <summary>The job's maps of the features and the label, or null for the rows as given (no feature map, label offset 0
    /// and scale 1).</summary>
    /// <exception cref="InvalidDataException">The maps sent are not valid ones.</exception>
    public static Standardization? Map(JobSpec spec)
    {
        if (spec.FeatureOffsets is null && spec.FeatureInverseScales is null && spec.LabelOffset == 0f && spec.LabelScale == 1f) return null;
        try
        {
            return Standardization.OfMaps(spec.FeatureOffsets, spec.FeatureInverseScales, spec.LabelOffset, spec.LabelScale);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"The job's standardisation is not valid: {e.Message}", e);
        }
    }

    /// <summary>The tree nodes covering [lo, hi) of the step.</summary>
    public List<(int Lo, int Hi, GradientSum Sum)> Compute(StepRequest request)
    {
        _rows.CheckUnchanged();
        _computer.LoadWeights(request.Weights.Values);
        var at = new StepCoordinates(request.Epoch, request.StepInEpoch, request.Step);
        var nodes = MicroBatchBlock.Compute(_computer, Plan, _order.Of(request.Epoch), at, Spec.Seed, request.Lo, request.Hi,
            () => GradientBuffer.Fresh(_computer.ParameterCount));
        _rows.CheckUnchanged(); // the rows just read were the checked ones
        return nodes;
    }

    public void Dispose() => _rows.Dispose();
}
