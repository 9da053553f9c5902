using Microsoft.ML;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// One column of the comparison: a trainer reading <c>Label</c> and <c>Features</c>, built afresh for every fit.
/// </summary>
/// <param name="Key">Name on the command line (<c>--trainers</c>) and in the CSV.</param>
/// <param name="Title">Column header in the Markdown tables.</param>
/// <param name="Create">Builds the trainer for a task in a context.</param>
/// <param name="IsMlp">True for the MLP and its variants (they get a summary block each).</param>
/// <param name="Description">What it is, for the report's legend.</param>
/// <param name="Featurizer">The trainer's own featurizer (context, layout, center), used instead of
/// <c>GenericFeaturizer.Build</c>; null (default) for the generic one.</param>
public sealed record TrainerEntry(
    string Key,
    string Title,
    Func<MLContext, TaskKind, IEstimator<ITransformer>> Create,
    bool IsMlp,
    string Description,
    Func<MLContext, DataSetLayout, bool, IEstimator<ITransformer>>? Featurizer = null)
{
    /// <summary>The featurizer of this trainer's pipelines: its own, or the generic one.</summary>
    public IEstimator<ITransformer> Featurize(MLContext ml, DataSetLayout layout, bool center) =>
        Featurizer is { } own ? own(ml, layout, center) : Featurization.GenericFeaturizer.Build(ml, layout, center);
}
