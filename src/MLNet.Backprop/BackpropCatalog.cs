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
public static partial class BackpropCatalog
{
    /// <summary>A binary-classification MLP (Boolean label) configured by <paramref name="options"/>; its task is set to binary.</summary>
    /// <param name="catalog">ml.BinaryClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.BinaryClassification);

    /// <summary>A binary-classification MLP with the most used settings.</summary>
    /// <param name="catalog">ml.BinaryClassification.Trainers.</param>
    /// <param name="labelColumnName">Boolean label column. Default "Label".</param>
    /// <param name="featureColumnName">Feature vector column. Default "Features".</param>
    /// <param name="exampleWeightColumnName">Optional weight column. Default null.</param>
    /// <param name="hiddenLayers">Units per hidden layer. Default { 64, 32 }.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 50.</param>
    /// <param name="learningRate">Adam's learning rate. Default 1e-3.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 64.</param>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int numberOfEpochs = 50, float learningRate = 1e-3f, int batchSize = 64) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize), BackpropTask.BinaryClassification);

    /// <summary>A multiclass MLP (key-typed label) configured by <paramref name="options"/>; its task is set to multiclass.</summary>
    /// <param name="catalog">ml.MulticlassClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.MulticlassClassification);

    /// <summary>A multiclass MLP with the most used settings.</summary>
    /// <param name="catalog">ml.MulticlassClassification.Trainers.</param>
    /// <param name="labelColumnName">Key-typed label column. Default "Label".</param>
    /// <param name="featureColumnName">Feature vector column. Default "Features".</param>
    /// <param name="exampleWeightColumnName">Optional weight column. Default null.</param>
    /// <param name="hiddenLayers">Units per hidden layer. Default { 64, 32 }.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 50.</param>
    /// <param name="learningRate">Adam's learning rate. Default 1e-3.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 64.</param>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int numberOfEpochs = 50, float learningRate = 1e-3f, int batchSize = 64) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize), BackpropTask.MulticlassClassification);

    /// <summary>A regression MLP (Single label) configured by <paramref name="options"/>; its task is set to regression.</summary>
    /// <param name="catalog">ml.Regression.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog, BackpropTrainer.Options options) =>
        Create(catalog, options, BackpropTask.Regression);

    /// <summary>A regression MLP with the most used settings.</summary>
    /// <param name="catalog">ml.Regression.Trainers.</param>
    /// <param name="labelColumnName">Single label column. Default "Label".</param>
    /// <param name="featureColumnName">Feature vector column. Default "Features".</param>
    /// <param name="exampleWeightColumnName">Optional weight column. Default null.</param>
    /// <param name="hiddenLayers">Units per hidden layer. Default { 64, 32 }.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 50.</param>
    /// <param name="learningRate">Adam's learning rate. Default 1e-3.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 64.</param>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int numberOfEpochs = 50, float learningRate = 1e-3f, int batchSize = 64) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize), BackpropTask.Regression);

    private static BackpropTrainer.Options Simple(string label, string features, string? weight, int[]? hidden, int epochs, float learningRate, int batchSize) => new()
    {
        LabelColumnName = label,
        FeatureColumnName = features,
        ExampleWeightColumnName = weight,
        HiddenLayers = hidden ?? [64, 32],
        NumberOfEpochs = epochs,
        LearningRate = learningRate,
        BatchSize = batchSize,
    };

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
