using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>What a fit's plan adds to a network's <see cref="TrainingSettings"/>.</summary>
internal static class FitPlanSettings
{
    /// <summary>The settings with the plan's input stage recorded as it trained (<see cref="FitPlan.InputStageOf"/>, the
    /// automatic values resolved), so a report shows what <see cref="NumericEncoding.Auto"/> became rather than "Auto".
    /// The bins are recorded only when the first layer has a piecewise-linear part: the automatic encoding leaves it out
    /// when no feature gives a bin, and then no bins were trained.</summary>
    public static TrainingSettings WithInputStage(this TrainingSettings settings, FitPlan plan)
    {
        var stage = plan.InputStage;
        bool binned = plan.Architecture.InputParts?.Any(p => p.Kind == InputKind.PiecewiseLinear) == true;
        return settings with
        {
            NumericEncoding = stage.Encoding,
            NumericScaling = stage.Scaling,
            LearnedFeatureScales = stage.LearnsScales,
            SparseInput = stage.Sparse,
            NumericBinning = binned ? stage.Binning : null,
            NumericBins = binned ? stage.Bins : null,
        };
    }
}
