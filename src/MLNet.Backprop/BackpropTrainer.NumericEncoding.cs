using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    /// <summary>With <see cref="NumericEncoding.PiecewiseLinear"/>: the bin edges (every network of an ensemble shares
    /// them), with <see cref="NumericBinning.Quantile"/> quantiles of the rows, with <see cref="NumericBinning.Supervised"/>
    /// the trees' thresholds (<see cref="SupervisedBinsOf"/>); null otherwise. The rows are every row given to <c>Fit</c>
    /// when they are in memory (their feature values only for quantiles, so an automatic hold-out's rows count too), and
    /// a <see cref="BinningSample"/> when they stream (drawn by the counting pass) or are on a backend's workers (read by the
    /// backend): every row up to <see cref="BinningSample.MaxRows"/>, then the same edges.</summary>
    /// <exception cref="InvalidOperationException">Every feature has one value on the training rows: nothing to encode.</exception>
    private QuantileBins? NumericBinsOf(TrainingRows rows, FitInputStage stage, FitMode mode, BackpropTask task, int classCount, bool hasValidationData, int seed,
        Lazy<(TrainingData Sample, long[] Positions)> backendSample)
    {
        if (!stage.IsBinned || rows.Summary.Columns == 0) return null;
        var bins = rows switch
        {
            // The local micro-batch mode holds out row by row, by each row's position among all of them.
            InMemoryRows memory => InMemoryBinsOf(memory.Data, rows, stage, mode, task, classCount, hasValidationData, seed,
                FitPlan.RulesOf(mode).HoldsOutByRow ? [.. Enumerable.Range(0, memory.Data.Rows).Select(r => (long)r)] : null),
            StreamedRows streamed => StreamedBinsOf(streamed, stage, mode, task, classCount, hasValidationData, seed),
            _ => BackendBinsOf(backendSample.Value, rows, stage, mode, task, classCount, hasValidationData, seed),
        };
        // The automatic encoding of features that give no bin keeps its periodic part alone (FitPlan.BothBlocks).
        if (bins.TotalBins == 0 && stage.Automatic) return null;
        if (bins.TotalBins == 0)
            throw new InvalidOperationException($"NumericEncoding.PiecewiseLinear: each of the {rows.Summary.Columns} feature values in '{_options.FeatureColumnName}' " +
                "is constant over the training rows, so no feature has a bin. Use NumericEncoding.None.");
        return bins;
    }

    /// <summary>The bins of streamed rows, from the counting pass's sample, whose rows keep their positions: supervised bins
    /// leave out those a network's hold-out draws (<see cref="StreamedHoldOut"/>).</summary>
    private QuantileBins StreamedBinsOf(StreamedRows rows, FitInputStage stage, FitMode mode, BackpropTask task, int classCount, bool hasValidationData, int seed)
    {
        var (sample, positions) = rows.SampleRows(_options.ExampleWeightColumnName is not null);
        return InMemoryBinsOf(sample, rows, stage, mode, task, classCount, hasValidationData, seed, positions);
    }

    /// <summary>The bins of a backend's rows, from the sample the coordinator reads (<see cref="BinningSample.RowsOf"/>): a
    /// cluster holds out row by row, so supervised bins leave out the sampled rows the hold-out draws by position.</summary>
    private QuantileBins BackendBinsOf((TrainingData Sample, long[] Positions) backendSample, TrainingRows rows, FitInputStage stage, FitMode mode,
        BackpropTask task, int classCount, bool hasValidationData, int seed)
    {
        var (sample, positions) = backendSample;
        return InMemoryBinsOf(sample, rows, stage, mode, task, classCount, hasValidationData, seed, positions);
    }

    /// <summary>The sample of a backend's rows the input stage is fitted on (<see cref="BinningSample.RowsOf"/>, read by the
    /// backend), with the rows' positions.</summary>
    private (TrainingData Sample, long[] Positions) BackendSample(TrainingRows rows, int seed)
    {
        var positions = BinningSample.RowsOf(rows.Summary.Rows, seed, BinningSampleRows);
        return (_backend!.BinningSample([.. positions.Select(r => (int)r)]), positions);
    }

    // positions: the rows' places among all the training rows when the networks hold out row by row (streamed, in
    // micro-batches, on a cluster); null when they hold out a stratified draw of the data (in memory).
    private QuantileBins InMemoryBinsOf(TrainingData data, TrainingRows rows, FitInputStage stage, FitMode mode, BackpropTask task, int classCount,
        bool hasValidationData, int seed, long[]? positions)
    {
        var dense = data.As(new InputShape(data.Columns, KeyColumns: data.KeyColumns));
        // The stage's binning and bins: the options' with an explicit encoding, the automatic encoding's own otherwise.
        return (stage.Binning == NumericBinning.Supervised ? SupervisedBinsOf(dense, rows, stage, mode, task, classCount, hasValidationData, seed, positions) : null)
            ?? QuantileBins.Compute(dense.Features, dense.Rows, dense.Columns, stage.Bins);
    }

    /// <summary>With <see cref="NumericEncoding.Periodic"/>: the slots to embed, those with more than two distinct finite
    /// values among the stage's rows (<see cref="StageRowsOf"/>, <see cref="PeriodicFeatures.EmbeddedSlots"/>); null otherwise.</summary>
    private int[]? PeriodicSlotsOf(TrainingRows rows, FitInputStage stage, Lazy<(TrainingData Sample, long[] Positions)> backendSample)
    {
        if (stage.Encoding is not (NumericEncoding.Periodic or NumericEncoding.PiecewiseLinearAndPeriodic) || rows.Summary.Columns == 0) return null;
        var dense = StageRowsOf(rows, backendSample);
        return PeriodicFeatures.EmbeddedSlots(dense.Features, dense.Rows, dense.Columns);
    }

    /// <summary>With <see cref="NumericScaling.RobustSmoothClip"/>: the features' medians and quartile ranges over the
    /// stage's rows (<see cref="StageRowsOf"/>; every network of an ensemble shares them); null otherwise.</summary>
    private RobustClip? RobustClipOf(TrainingRows rows, FitInputStage stage, Lazy<(TrainingData Sample, long[] Positions)> backendSample)
    {
        if (stage.Scaling != NumericScaling.RobustSmoothClip || rows.Summary.Columns == 0) return null;
        var dense = StageRowsOf(rows, backendSample);
        int threads = _options.NumberOfThreads == 0 ? Environment.ProcessorCount : _options.NumberOfThreads;
        return RobustClip.Compute(dense.Features.AsSpan(0, dense.Rows * dense.Columns), dense.Rows, dense.Columns, threads);
    }

    /// <summary>The dense rows the embedded slots and the robust scaling are learnt from: every row given to <c>Fit</c> in
    /// memory; when they stream, the counting pass's sample, and on a backend's workers the sample the backend reads
    /// (as the bins', <see cref="BinningSample"/>: every row up to <see cref="BinningSample.MaxRows"/>, so the same
    /// statistics as in memory there).</summary>
    private TrainingData StageRowsOf(TrainingRows rows, Lazy<(TrainingData Sample, long[] Positions)> backendSample)
    {
        var data = rows switch
        {
            StreamedRows streamed => streamed.SampleRows(_options.ExampleWeightColumnName is not null).Data,
            InMemoryRows memory => memory.Data,
            _ => backendSample.Value.Sample,
        };
        return data.As(new InputShape(data.Columns, KeyColumns: data.KeyColumns));
    }
}
