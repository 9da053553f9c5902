using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The IBM Telco churn split (<c>../shared/data/telco-churn/train.csv</c> and <c>test.csv</c>, found by walking up from
/// the current directory or the binaries), read and featurised by the tests' <c>TestSupport/Telco.cs</c> (linked into
/// this project), and the trainers compared with.
/// </summary>
public static class ChurnData
{
    /// <summary>The trainers of the comparison, by name.</summary>
    public static readonly string[] Trainers = ["Backprop", "Backprop (current defaults)", "LbfgsLogisticRegression", "FastTree", "LightGbm"];

    /// <summary>Rows of the training split.</summary>
    public const int TrainingRows = 5_642;

    /// <summary>The MLP of the churn benchmark (the shape, not the sample's tuned one): one [64, 32] ReLU network,
    /// Adam 1e-3, batch 64, 50 epochs, no early stopping, features as the featurizer gives them (set in full: the figures
    /// in the README's Performance section are of this network, whatever the library's defaults become).</summary>
    public static BackpropTrainer.Options BackpropOptions(bool recordDiagnostics = true) => new()
    {
        HiddenLayers = [64, 32], Activation = Activation.ReLU, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3f,
        BatchSize = 64, NumberOfEpochs = 50, Seed = 1, RecordDiagnostics = recordDiagnostics, EnsembleSize = 1, StandardizeFeatures = false,
        NumericEncoding = NumericEncoding.None,
    };

    /// <summary>Reads the two CSV files (lazily, as ML.NET's text loader does).</summary>
    public static (IDataView Train, IDataView Test) Load(MLContext ml) =>
        Telco.Directory is null ? throw new FileNotFoundException(Telco.SkipReason) : Telco.Load(ml);

    /// <summary>One-hot the text columns, fill the blank TotalCharges, normalise.</summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml) => Telco.Featurizer(ml);

    /// <summary>The whole pipeline for one of <see cref="Trainers"/>.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, string trainer, bool recordDiagnostics = true) =>
        Featurizer(ml).Append(Trainer(ml, trainer, recordDiagnostics));

    /// <summary>A trainer of the comparison with its ML.NET defaults (one thread for the tree learners' determinism
    /// is not forced: each uses what it uses by default).</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, string trainer, bool recordDiagnostics = true) => trainer switch
    {
        "Backprop" => ml.BinaryClassification.Trainers.Backprop(BackpropOptions(recordDiagnostics)),
        // Whatever the library's defaults are at this revision (only the seed fixed, so that every run does the same work).
        "Backprop (current defaults)" => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1, RecordDiagnostics = recordDiagnostics }),
        "LbfgsLogisticRegression" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(),
        "FastTree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options()),
        "LightGbm" => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options()),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };
}
