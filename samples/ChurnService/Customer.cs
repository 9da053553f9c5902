namespace ChurnService;

/// <summary>One customer as the model reads it: the raw Telco columns (the featurizer inside the model does the rest).</summary>
public sealed class Customer
{
    public string gender { get; set; } = "";
    public float SeniorCitizen { get; set; }
    public string Partner { get; set; } = "";
    public string Dependents { get; set; } = "";
    public float tenure { get; set; }
    public string PhoneService { get; set; } = "";
    public string MultipleLines { get; set; } = "";
    public string InternetService { get; set; } = "";
    public string OnlineSecurity { get; set; } = "";
    public string OnlineBackup { get; set; } = "";
    public string DeviceProtection { get; set; } = "";
    public string TechSupport { get; set; } = "";
    public string StreamingTV { get; set; } = "";
    public string StreamingMovies { get; set; } = "";
    public string Contract { get; set; } = "";
    public string PaperlessBilling { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public float MonthlyCharges { get; set; }

    /// <summary>NaN when not given: the model fills it like the sample's blank TotalCharges.</summary>
    public float TotalCharges { get; set; } = float.NaN;

    public static readonly string[] TextFields =
    [
        "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup",
        "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
    ];

    public static readonly string[] NumberFields = ["SeniorCitizen", "tenure", "MonthlyCharges"];

    /// <summary>Optional: blank for customers not billed yet.</summary>
    public const string OptionalNumber = "TotalCharges";

    /// <summary>The values each number may take, and how to say so: the model's featurizer takes log(x + 1) of tenure and
    /// TotalCharges, so a negative amount would score NaN. Very large amounts are accepted, with a note.</summary>
    public static readonly IReadOnlyDictionary<string, (float Least, float Most, string Meaning)> Ranges = new Dictionary<string, (float, float, string)>
    {
        ["SeniorCitizen"] = (0f, 1f, "between 0 and 1 (0: no, 1: yes)"),
        ["tenure"] = (0f, float.MaxValue, "a number of months ≥ 0"),
        ["MonthlyCharges"] = (0f, float.MaxValue, "an amount ≥ 0"),
        ["TotalCharges"] = (0f, float.MaxValue, "an amount ≥ 0, or null when not billed yet"),
    };
}

/// <summary>What the model's prediction engine returns.</summary>
public sealed class ChurnScore
{
    public float Probability { get; set; }
}
