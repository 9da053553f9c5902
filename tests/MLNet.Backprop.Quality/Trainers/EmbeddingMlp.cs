using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Featurization;
using static MLNet.Backprop.Quality.DataSets.ColumnNames;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// The MLP with the library's defaults, but with the set's categorical columns as learned embedding tables
/// (<see cref="EmbeddingFeaturizer"/>: one key column each, passed as <c>CategoricalColumnNames</c>, automatic widths)
/// instead of one-hot slots in Features; and its baseline with unscaled one-hot slots. Opt-in (<c>--trainers mlp-embed,
/// mlp-onehot01</c>): not in the default columns.
/// </summary>
public static class EmbeddingMlp
{
    /// <summary>The column's key.</summary>
    public const string Key = "mlp-embed";

    /// <summary>The comparison column.</summary>
    public static TrainerEntry Entry { get; } = new(Key, "MLP, embeddings", (ml, task) => new Estimator(ml, task), IsMlp: true,
        "BackpropTrainer, library defaults, with CategoricalColumnNames: each text column MapValueToKey'd into its own embedding " +
        "table (automatic width min(600, round(1.6·n^0.56))) instead of one-hot; numeric columns in Features as for the others",
        EmbeddingFeaturizer.Build);

    /// <summary>The key of the one-hot baseline with unscaled 0/1 slots.</summary>
    public const string UnscaledOneHotKey = "mlp-onehot01";

    /// <summary>The baseline column: one-hot slots left at 0/1 (<see cref="UnscaledOneHotFeaturizer"/>), the trainer's
    /// own standardisation off, so that a rare level's slot is not blown up to about 1/√p.</summary>
    public static TrainerEntry UnscaledOneHotEntry { get; } = new(UnscaledOneHotKey, "MLP, one-hot 0/1",
        (ml, task) => Trainer(ml, task, new BackpropTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, StandardizeFeatures = false }),
        IsMlp: true,
        "BackpropTrainer, library defaults but StandardizeFeatures = false; numeric columns standardised (centred) by the featurizer, " +
        "text columns one-hot with their slots left at 0/1 (not scaled)",
        UnscaledOneHotFeaturizer.Build);

    /// <summary>The key of the embeddings with <c>SparseUpdates = Lazy</c>: the defaults before the id-like tables' prior
    /// (lazy steps on every table, automatic widths from the key count alone).</summary>
    public const string LazyKey = "mlp-embed-lazy";

    /// <summary>The column of <see cref="LazyKey"/>, to compare the defaults with those before the id-like tables' prior.</summary>
    public static TrainerEntry LazyEntry { get; } = new(LazyKey, "MLP, embeddings, lazy", (ml, task) => new Estimator(ml, task, SparseUpdates.Lazy), IsMlp: true,
        "mlp-embed with SparseUpdates = Lazy: every table updated where a batch touches it, no id-table prior, automatic widths from the key count alone " +
        "(the defaults before the id-like tables' prior)", EmbeddingFeaturizer.Build);

    private static IEstimator<ITransformer> Trainer(MLContext ml, TaskKind task, string[] keys) =>
        Trainer(ml, task, new BackpropTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, CategoricalColumnNames = keys });

    private static IEstimator<ITransformer> Trainer(MLContext ml, TaskKind task, BackpropTrainer.Options options)
    {
        return task switch
        {
            TaskKind.Binary => ml.BinaryClassification.Trainers.Backprop(options),
            TaskKind.Multiclass => ml.MulticlassClassification.Trainers.Backprop(options),
            _ => ml.Regression.Trainers.Backprop(options),
        };
    }

    // The trainer is created before the layout is known (TrainerEntry.Create), so it takes the key columns the
    // featurizer made from the schema it is given.
    private sealed class Estimator(MLContext ml, TaskKind task, SparseUpdates? updates = null) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) =>
            Trainer(ml, task, new BackpropTrainer.Options
            {
                LabelColumnName = Label, FeatureColumnName = Features, SparseUpdates = updates,
                CategoricalColumnNames = [.. input.Schema.Where(c => IsKey(c.Name) && c.Type is KeyDataViewType).Select(c => c.Name)],
            }).Fit(input);

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            Trainer(ml, task, [.. inputSchema.Where(c => IsKey(c.Name) && c.IsKey).Select(c => c.Name)]).GetOutputSchema(inputSchema);
    }
}
