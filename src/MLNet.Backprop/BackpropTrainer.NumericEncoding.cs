using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    /// <summary>With <see cref="NumericEncoding.PiecewiseLinear"/>: the bin edges (every network of an ensemble shares
    /// them), with <see cref="NumericBinning.Quantile"/> quantiles of every row given to <c>Fit</c> (their feature values
    /// only, so an automatic hold-out's rows count too), with <see cref="NumericBinning.Supervised"/> the trees' thresholds
    /// (<see cref="SupervisedBinsOf"/>); null otherwise.</summary>
    /// <exception cref="InvalidOperationException">Every feature has one value on the training rows: nothing to encode.</exception>
    private QuantileBins? NumericBinsOf(TrainingRows rows, FitMode mode, BackpropTask task, int classCount, bool hasValidationData, int seed)
    {
        if (_options.NumericEncoding != NumericEncoding.PiecewiseLinear || rows.Summary.Columns == 0) return null;
        // The options refuse the other modes, so the rows are in memory.
        var data = ((InMemoryRows)rows).Data;
        var dense = data.As(new InputShape(data.Columns, KeyColumns: data.KeyColumns));
        var bins = _options.NumericBinning == NumericBinning.Supervised
            ? SupervisedBinsOf(dense, rows.Summary, mode, task, classCount, hasValidationData, seed)
            : QuantileBins.Compute(dense.Features, dense.Rows, dense.Columns, _options.NumericBins);
        if (bins.TotalBins == 0)
            throw new InvalidOperationException($"NumericEncoding.PiecewiseLinear: each of the {data.Columns} feature values in '{_options.FeatureColumnName}' " +
                "is constant over the training rows, so no feature has a bin. Use NumericEncoding.None.");
        return bins;
    }

    /// <summary>With <see cref="NumericScaling.RobustSmoothClip"/>: the features' medians and quartile ranges over every row
    /// given to <c>Fit</c> (every network of an ensemble shares them); null otherwise.</summary>
    private RobustClip? RobustClipOf(TrainingRows rows)
    {
        if (_options.NumericScaling != NumericScaling.RobustSmoothClip || rows.Summary.Columns == 0) return null;
        // The options refuse the other modes, so the rows are in memory.
        var data = ((InMemoryRows)rows).Data;
        var dense = data.As(new InputShape(data.Columns, KeyColumns: data.KeyColumns));
        return RobustClip.Compute(dense.Features.AsSpan(0, dense.Rows * dense.Columns), dense.Rows, dense.Columns);
    }
}
