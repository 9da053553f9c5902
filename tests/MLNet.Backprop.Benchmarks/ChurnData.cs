using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The IBM Telco churn split (<c>../shared/data/telco-churn/train.csv</c> and <c>test.csv</c>, found by walking up from
/// the current directory or the binaries), read and featurised as in the tests (<c>TestSupport/Telco.cs</c>, copied
/// here because the test project's file also holds an xunit attribute), and the trainers compared with.
/// </summary>
public static class ChurnData
{
    private static readonly string[] Categorical =
    [
        "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup",
        "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
    ];

    private static readonly string[] Numeric = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"];

    /// <summary>The directory holding train.csv and test.csv.</summary>
    public static string Directory { get; } = Find() ?? throw new FileNotFoundException(
        "Telco churn data not found: looked for shared/data/telco-churn/train.csv above the current directory and " + AppContext.BaseDirectory);

    /// <summary>The trainers of the comparison, by name.</summary>
    public static readonly string[] Trainers = ["Backprop", "LbfgsLogisticRegression", "FastTree", "LightGbm"];

    /// <summary>The MLP of the churn sample: [64, 32] ReLU, Adam 1e-3, batch 64, 50 epochs, no early stopping.</summary>
    public static BackpropTrainer.Options BackpropOptions(bool recordDiagnostics = true) => new()
    {
        HiddenLayers = [64, 32], Activation = Activation.ReLU, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3f,
        BatchSize = 64, NumberOfEpochs = 50, Seed = 1, RecordDiagnostics = recordDiagnostics,
    };

    /// <summary>Reads the two CSV files (lazily, as ML.NET's text loader does).</summary>
    public static (IDataView Train, IDataView Test) Load(MLContext ml)
    {
        var columns = new List<TextLoader.Column> { new("Label", DataKind.Boolean, 20) };
        string[] header = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
            "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies",
            "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn"];
        foreach (var name in Categorical) columns.Add(new(name, DataKind.String, Array.IndexOf(header, name)));
        foreach (var name in Numeric) columns.Add(new(name, DataKind.Single, Array.IndexOf(header, name)));
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns.ToArray(), HasHeader = true, Separators = [','], MissingRealsAsNaNs = true,
        });
        return (loader.Load(Path.Combine(Directory, "train.csv")), loader.Load(Path.Combine(Directory, "test.csv")));
    }

    /// <summary>One-hot the text columns, fill the blank TotalCharges, normalise.</summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding(Categorical.Select(c => new InputOutputColumnPair(c)).ToArray())
            .Append(ml.Transforms.ReplaceMissingValues("TotalCharges"))
            .Append(ml.Transforms.Concatenate("Features", [.. Categorical, .. Numeric]))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));

    /// <summary>The whole pipeline for one of <see cref="Trainers"/>.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, string trainer, bool recordDiagnostics = true) =>
        Featurizer(ml).Append(Trainer(ml, trainer, recordDiagnostics));

    /// <summary>A trainer of the comparison with its ML.NET defaults (one thread for the tree learners' determinism
    /// is not forced: each uses what it uses by default).</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, string trainer, bool recordDiagnostics = true) => trainer switch
    {
        "Backprop" => ml.BinaryClassification.Trainers.Backprop(BackpropOptions(recordDiagnostics)),
        "LbfgsLogisticRegression" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(),
        "FastTree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options()),
        "LightGbm" => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options()),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };

    private static string? Find()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data", "telco-churn");
                if (File.Exists(Path.Combine(candidate, "train.csv"))) return candidate;
            }
        }
        return null;
    }
}
