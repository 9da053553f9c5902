using Microsoft.ML;

namespace MLNet.Backprop.TorchComparison;

/// <summary>The cases compared on every shape: ours first, then TorchSharp's.</summary>
internal static class TrainingCases
{
    /// <summary>
    /// Our whole <c>Fit</c>, TorchSharp's plain loop and TorchSharp's shuffling loop, on the same data. Add a case here
    /// (e.g. our bare training step; see <see cref="ITrainingCase"/>) and it gets a column of its own in the tables.
    /// </summary>
    public static IReadOnlyList<ITrainingCase> For(ComparisonShape shape, MLContext ml, MlNetData mlNetData, TorchData torchData) =>
    [
        new OursFitCase(ml, mlNetData.View, shape),
        new TorchContiguousCase(torchData, shape),
        new TorchShuffledCase(torchData, shape),
    ];
}
