using Microsoft.ML;
using MLNet.Backprop.Integration;

namespace MLNet.Backprop;

/// <summary>
/// The library's extension methods on ML.NET's catalogs: the <c>Backprop</c> trainers
/// (<c>ml.BinaryClassification.Trainers.Backprop(...)</c>, <c>ml.MulticlassClassification.Trainers.Backprop(...)</c>,
/// <c>ml.Regression.Trainers.Backprop(...)</c>), saving and loading pipelines (<c>ml.Model.SaveBackprop</c>,
/// <c>ml.Model.LoadBackprop</c>) and permutation feature importance of a whole pipeline
/// (<c>ml.PermutationFeatureImportance</c>).
/// </summary>
// RS0026 warns against several overloads with optional parameters; each trainer has ML.NET's own pair instead: one
// taking the Options object (no optional parameters) and one with the most used settings as optional parameters.
#pragma warning disable RS0026
public static partial class BackpropCatalog
{
    /// <summary>A binary-classification MLP (Boolean label) configured by <paramref name="options"/>; its task is set to binary.</summary>
    /// <param name="catalog">ml.BinaryClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.BinaryClassification);

    /// <summary>A binary-classification MLP with the most used settings.</summary>
    /// <param name="catalog">ml.BinaryClassification.Trainers.</param>
    /// <param name="labelColumnName">Boolean label column (<see cref="BackpropTrainer.Options.LabelColumnName"/>).</param>
    /// <param name="featureColumnName">Feature vector column (<see cref="BackpropTrainer.Options.FeatureColumnName"/>).</param>
    /// <param name="exampleWeightColumnName">Optional weight column (<see cref="BackpropTrainer.Options.ExampleWeightColumnName"/>).</param>
    /// <param name="hiddenLayers">Units per hidden layer, or null for the default (<see cref="BackpropTrainer.Options.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Passes over the data, or null for the default (<see cref="BackpropTrainer.Options.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The learning rate, or null for the default (<see cref="BackpropTrainer.Options.LearningRate"/>).</param>
    /// <param name="batchSize">Examples per mini-batch, or null for the default (<see cref="BackpropTrainer.Options.BatchSize"/>).</param>
    /// <param name="activation">Hidden-layer activation, or null for the default (<see cref="BackpropTrainer.Options.Activation"/>).</param>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName, string featureColumnName = Defaults.FeatureColumnName, string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int? numberOfEpochs = null, float? learningRate = null, int? batchSize = null, Activation? activation = null) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize, activation), BackpropTask.BinaryClassification);

    /// <summary>A multiclass MLP (key-typed label) configured by <paramref name="options"/>; its task is set to multiclass.</summary>
    /// <param name="catalog">ml.MulticlassClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.MulticlassClassification);

    /// <summary>A multiclass MLP with the most used settings.</summary>
    /// <param name="catalog">ml.MulticlassClassification.Trainers.</param>
    /// <param name="labelColumnName">Key-typed label column (<see cref="BackpropTrainer.Options.LabelColumnName"/>).</param>
    /// <param name="featureColumnName">Feature vector column (<see cref="BackpropTrainer.Options.FeatureColumnName"/>).</param>
    /// <param name="exampleWeightColumnName">Optional weight column (<see cref="BackpropTrainer.Options.ExampleWeightColumnName"/>).</param>
    /// <param name="hiddenLayers">Units per hidden layer, or null for the default (<see cref="BackpropTrainer.Options.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Passes over the data, or null for the default (<see cref="BackpropTrainer.Options.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The learning rate, or null for the default (<see cref="BackpropTrainer.Options.LearningRate"/>).</param>
    /// <param name="batchSize">Examples per mini-batch, or null for the default (<see cref="BackpropTrainer.Options.BatchSize"/>).</param>
    /// <param name="activation">Hidden-layer activation, or null for the default (<see cref="BackpropTrainer.Options.Activation"/>).</param>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName, string featureColumnName = Defaults.FeatureColumnName, string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int? numberOfEpochs = null, float? learningRate = null, int? batchSize = null, Activation? activation = null) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize, activation), BackpropTask.MulticlassClassification);

    /// <summary>A regression MLP (Single label) configured by <paramref name="options"/>; its task is set to regression.</summary>
    /// <param name="catalog">ml.Regression.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.Regression);

    /// <summary>A regression MLP with the most used settings.</summary>
    /// <param name="catalog">ml.Regression.Trainers.</param>
    /// <param name="labelColumnName">Single label column (<see cref="BackpropTrainer.Options.LabelColumnName"/>).</param>
    /// <param name="featureColumnName">Feature vector column (<see cref="BackpropTrainer.Options.FeatureColumnName"/>).</param>
    /// <param name="exampleWeightColumnName">Optional weight column (<see cref="BackpropTrainer.Options.ExampleWeightColumnName"/>).</param>
    /// <param name="hiddenLayers">Units per hidden layer, or null for the default (<see cref="BackpropTrainer.Options.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Passes over the data, or null for the default (<see cref="BackpropTrainer.Options.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The learning rate, or null for the default (<see cref="BackpropTrainer.Options.LearningRate"/>).</param>
    /// <param name="batchSize">Examples per mini-batch, or null for the default (<see cref="BackpropTrainer.Options.BatchSize"/>).</param>
    /// <param name="activation">Hidden-layer activation, or null for the default (<see cref="BackpropTrainer.Options.Activation"/>).</param>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName, string featureColumnName = Defaults.FeatureColumnName, string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int? numberOfEpochs = null, float? learningRate = null, int? batchSize = null, Activation? activation = null) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize, activation), BackpropTask.Regression);

    // Starts from new Options(), so every default not given here is the options' own.
    private static BackpropTrainer.Options Simple(string label, string features, string? weight, int[]? hidden, int? epochs, float? learningRate,
        int? batchSize, Activation? activation)
    {
        var options = new BackpropTrainer.Options { LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight };
        if (hidden is not null) options.HiddenLayers = hidden;
        if (epochs is not null) options.NumberOfEpochs = epochs;
        if (learningRate is float rate) options.LearningRate = rate;
        if (batchSize is int batch) options.BatchSize = batch;
        if (activation is Activation f) options.Activation = f;
        return options;
    }

    private static BackpropTrainer Create(object catalog, BackpropTrainer.Options options, BackpropTask task)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Task != BackpropTask.Auto && options.Task != task)
            throw new ArgumentOutOfRangeException(nameof(options.Task), options.Task, $"Options.Task is {options.Task} but this catalog trains {task}; leave Task as Auto.");
        options.Task = task;
        return new BackpropTrainer(CatalogEnvironment.Of(catalog), options);
    }
}
#pragma warning restore RS0026
