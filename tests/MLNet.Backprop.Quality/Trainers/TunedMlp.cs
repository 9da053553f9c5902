using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Quality.DataSets;
using static MLNet.Backprop.Quality.DataSets.ColumnNames;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// The MLP as <see cref="BackpropTuner"/> tunes it: inside each training split (nested, so the held-out fold is never
/// seen) the tuner cross-validates <see cref="Trials"/> configurations around the defaults, then the best is trained
/// on the whole training split. The fit time is all of it, tuning included.
/// </summary>
public static class TunedMlp
{
    /// <summary>The column's key.</summary>
    public const string Key = "tuned";

    /// <summary>Trials per tuning (successive halving over 3 folds, seed 0).</summary>
    public const int Trials = 12;

    /// <summary>The comparison column.</summary>
    public static TrainerEntry Entry { get; } = new(Key, "MLP tuned", (ml, task) => new Estimator(ml, task), IsMlp: true,
        $"BackpropTuner (MLNet.Backprop.Experiments): {Trials} trials around the defaults, successive halving over 3 stratified folds of the " +
        "training split only, seed 0; then the best configuration trained on the whole training split (fit time includes the tuning)");

    private static IEstimator<ITransformer> Trainer(MLContext ml, TaskKind task, BackpropTrainer.Options options) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.Backprop(options),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.Backprop(options),
        _ => ml.Regression.Trainers.Backprop(options),
    };

    private static BackpropTrainer.Options Base() => new() { LabelColumnName = Label, FeatureColumnName = Features };

    /// <summary>Tunes on the rows it is fitted on, then trains the best configuration on all of them.</summary>
    private sealed class Estimator(MLContext ml, TaskKind task) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var result = new BackpropTuner(Base()) { NumberOfTrials = Trials, Seed = 0 }.Tune(ml, input);
            return Trainer(ml, task, result.BestOptions).Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Trainer(ml, task, Base()).GetOutputSchema(inputSchema);
    }
}
