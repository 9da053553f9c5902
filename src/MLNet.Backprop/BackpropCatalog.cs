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
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/>' <see cref="BackpropTrainer.Options.Task"/>
    /// is neither Auto nor BinaryClassification, or an option is out of range (as the trainer's constructor).</exception>
    /// <param name="catalog">ml.BinaryClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// // trainData, testData: IDataViews with a Boolean "Label" and a known-size "Features" vector of Single.
    /// var trainer = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
    /// {
    ///     HiddenLayers = [64, 32],
    ///     Activation = Activation.ReLU,
    ///     ClassWeighting = ClassWeighting.Balanced,      // weigh the rare class up
    ///     EarlyStoppingMetric = EarlyStoppingMetric.Auc, // keep the epoch of the best validation AUC
    ///     Progress = e => Console.WriteLine($"epoch {e.Epoch}: loss {e.TrainingLoss:F4}, AUC {e.ValidationMetric:F4}"),
    /// });
    /// BackpropTransformer model = trainer.Fit(trainData);
    /// var metrics = ml.BinaryClassification.Evaluate(model.Transform(testData));
    /// Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4}; {model.Model.Diagnosis}");
    /// ]]></code>
    /// </example>
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
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// // A whole pipeline: raw columns in, churn probability out. The trainer's defaults hold out a tenth of the rows,
    /// // stop early on the validation loss, scale and encode the features, average an ensemble of 4 networks and
    /// // calibrate the probabilities.
    /// var pipeline = ml.Transforms.Categorical.OneHotEncoding("Contract")
    ///     .Append(ml.Transforms.Concatenate("Features", "Contract", "tenure", "MonthlyCharges"))
    ///     .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    ///     .Append(ml.BinaryClassification.Trainers.Backprop(labelColumnName: "Churn", hiddenLayers: [64]));
    /// var model = pipeline.Fit(trainData);
    /// var metrics = ml.BinaryClassification.Evaluate(model.Transform(testData), labelColumnName: "Churn");
    /// Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4}, kept epoch {model.LastTransformer.Model.History.BestEpoch}");
    /// ]]></code>
    /// </example>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = Defaults.LabelColumnName, string featureColumnName = Defaults.FeatureColumnName, string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, int? numberOfEpochs = null, float? learningRate = null, int? batchSize = null, Activation? activation = null) =>
        Create(catalog, Simple(labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate, batchSize, activation), BackpropTask.BinaryClassification);

    /// <summary>A multiclass MLP (key-typed label) configured by <paramref name="options"/>; its task is set to multiclass.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/>' <see cref="BackpropTrainer.Options.Task"/>
    /// is neither Auto nor MulticlassClassification, or an option is out of range (as the trainer's constructor).</exception>
    /// <param name="catalog">ml.MulticlassClassification.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// // The label must be a key: MapValueToKey before the trainer, MapKeyToValue after it gives back the class names.
    /// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Contract")
    ///     .Append(ml.Transforms.Concatenate("Features", "tenure", "MonthlyCharges", "TotalCharges"))
    ///     .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    ///     .Append(ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [32], Seed = 1 }))
    ///     .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// var model = pipeline.Fit(trainData);
    /// var metrics = ml.MulticlassClassification.Evaluate(model.Transform(testData));
    /// Console.WriteLine($"macro-accuracy {metrics.MacroAccuracy:F4}");
    /// ]]></code>
    /// </example>
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
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/>' <see cref="BackpropTrainer.Options.Task"/>
    /// is neither Auto nor Regression, or an option is out of range (as the trainer's constructor).</exception>
    /// <param name="catalog">ml.Regression.Trainers.</param>
    /// <param name="options">All options; see <see cref="BackpropTrainer.Options"/>.</param>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// // trainData, testData: a Single "Label" and a "Features" vector. The trainer standardises the label itself and
    /// // scores in the label's units.
    /// var trainer = ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
    /// {
    ///     HiddenLayers = [128, 64],
    ///     Loss = LossFunction.Huber,   // robust to outliers (HuberDelta = 1 in standardised units)
    ///     Dropout = 0.1f,
    /// });
    /// var model = trainer.Fit(trainData);
    /// var metrics = ml.Regression.Evaluate(model.Transform(testData));
    /// Console.WriteLine($"RMSE {metrics.RootMeanSquaredError:F3}, R² {metrics.RSquared:F3}");
    /// ]]></code>
    /// </example>
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
        // Set on the trainer's own copy: the caller's options stay as given (one Options object may serve the three catalogs).
        return new BackpropTrainer(CatalogEnvironment.Of(catalog), options, task);
    }
}
#pragma warning restore RS0026
