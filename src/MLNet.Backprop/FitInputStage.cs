namespace MLNet.Backprop;

/// <summary>
/// The input stage one <c>Fit</c> trains with (<see cref="FitPlan.InputStageOf"/>): whether the first layer reads the
/// features sparse, and the encoding, its bins, the scaling and learned scales with the automatic values resolved.
/// Everything after the counting pass reads this, never the options' raw <see cref="NumericEncoding.Auto"/>,
/// <see cref="NumericScaling.Auto"/>, <see cref="BackpropTrainer.Options.NumericBinning"/> or
/// <see cref="BackpropTrainer.Options.NumericBins"/> (the automatic encoding brings its own bins).
/// </summary>
/// <param name="Sparse">Whether the first layer reads the features as a sparse block.</param>
/// <param name="Encoding">The encoding (never Auto).</param>
/// <param name="Scaling">The scaling (never Auto).</param>
/// <param name="LearnsScales">Whether a learned scale per value feeds the first layer.</param>
/// <param name="Binning">How the piecewise-linear encoding's edges are chosen (the options' value, or the automatic
/// encoding's own); read only when the encoding is piecewise-linear.</param>
/// <param name="Bins">The piecewise-linear encoding's bins per feature, as <paramref name="Binning"/>.</param>
/// <param name="Automatic">Whether the encoding was resolved from <see cref="NumericEncoding.Auto"/>: then a fit whose
/// features give no bin, or whose every row some network holds out, falls back rather than fails (the explicit
/// encodings refuse it, naming the option).</param>
internal readonly record struct FitInputStage(bool Sparse, NumericEncoding Encoding, NumericScaling Scaling, bool LearnsScales,
    NumericBinning Binning, int Bins, bool Automatic)
{
    /// <summary>Whether the encoding has a piecewise-linear part (bin edges).</summary>
    public bool IsBinned => Encoding is NumericEncoding.PiecewiseLinear or NumericEncoding.PiecewiseLinearAndPeriodic;
}
