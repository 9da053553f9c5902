using Microsoft.ML;

namespace MLNet.Backprop.TorchComparison;

/// <summary>The cases compared on every shape: ours, TorchSharp's, then the GEMM-only reference.</summary>
internal static class TrainingCases
{
    /// <summary>
    /// Our whole <c>Fit</c> and bare step, TorchSharp's plain loop and shuffling loop, on the same data, and our GEMM
    /// running only the step's products. Add a case here and it gets a column of its own in the tables.
    /// </summary>
    public static IReadOnlyList<ITrainingCase> For(ComparisonShape shape, MLContext ml, SyntheticData data, MlNetData mlNetData, TorchData torchData) =>
    [
        new OursFitCase(ml, mlNetData.View, shape),
        new OursStepCase(data, shape),
        new TorchContiguousCase(torchData, shape),
        new TorchShuffledCase(torchData, shape),
        new OursGemmsCase(shape),
    ];
}
