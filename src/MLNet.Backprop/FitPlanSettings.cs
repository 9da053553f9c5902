using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>What a fit's plan adds to a network's <see cref="TrainingSettings"/>.</summary>
internal static class FitPlanSettings
{
    /// <summary>The settings with the plan's input stage recorded as it trained (<see cref="FitPlan.InputStageOf"/>, the
    /// automatic values resolved), so a report shows what <see cref="NumericEncoding.Auto"/> became rather than "Auto".
    /// The bins are recorded only when the first layer has a piecewise-linear part: the automatic encoding leaves it out
    /// when no feature gives a bin, and then no bins were trained. The binning recorded is the one the edges came from:
    /// the automatic encoding's supervised bins fall back to quantiles when every row is held out by some network.</summary>
    public static TrainingSettings WithInputStage(this TrainingSettings settings, FitPlan plan)
    {
        var stage = plan.InputStage;
        var bins = plan.Architecture.InputParts?.Where(p => p.Kind == InputKind.PiecewiseLinear).Select(p => p.Bins).FirstOrDefault();
        return settings with
        {
            NumericEncoding = stage.Encoding,
            NumericScaling = stage.Scaling,
            LearnedFeatureScales = stage.LearnsScales,
            SparseInput = stage.Sparse,
            NumericBinning = bins is null ? null : bins.Supervised ? NumericBinning.Supervised : NumericBinning.Quantile,
            NumericBins = bins is null ? null : stage.Bins,
        };
    }
}
