using Microsoft.ML;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>The shared IBM Telco churn split (../shared/data/telco-churn), read the way a user would read it.
/// Linked into the reports tests and the benchmarks too, so every figure reads the data the same way.</summary>
internal static class Telco
{
    public static readonly string[] Categorical =
    [
        "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup",
        "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
    ];

    public static readonly string[] Numeric = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"];

    public static string? Directory { get; } = Find();

    public static string SkipReason => $"Telco churn data not found (looked for ../shared/data/telco-churn/train.csv above {AppContext.BaseDirectory}).";

    public static (IDataView Train, IDataView Test) Load(MLContext ml)
    {
        var columns = new List<Microsoft.ML.Data.TextLoader.Column> { new("Label", Microsoft.ML.Data.DataKind.Boolean, 20) };
        string[] header = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
            "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies",
            "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn"];
        foreach (var name in Categorical) columns.Add(new(name, Microsoft.ML.Data.DataKind.String, Array.IndexOf(header, name)));
        foreach (var name in Numeric) columns.Add(new(name, Microsoft.ML.Data.DataKind.Single, Array.IndexOf(header, name)));
        var loader = ml.Data.CreateTextLoader(new Microsoft.ML.Data.TextLoader.Options
        {
            Columns = columns.ToArray(), HasHeader = true, Separators = [','], MissingRealsAsNaNs = true,
        });
        return (loader.Load(Path.Combine(Directory!, "train.csv")), loader.Load(Path.Combine(Directory!, "test.csv")));
    }

    /// <summary>One-hot the text columns, fill the 11 blank TotalCharges, normalise: the plain pipeline of the issue.</summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding(Categorical.Select(c => new InputOutputColumnPair(c)).ToArray())
            .Append(ml.Transforms.ReplaceMissingValues("TotalCharges"))
            .Append(ml.Transforms.Concatenate("Features", [.. Categorical, .. Numeric]))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));

    private static string? Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
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
