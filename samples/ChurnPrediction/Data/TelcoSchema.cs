namespace ChurnPrediction.Data;

/// <summary>The columns of IBM's Telco customer churn file, and what the model makes of each.</summary>
public static class TelcoSchema
{
    public const string CustomerId = "customerID";
    public const string Churn = "Churn";

    /// <summary>The 15 text columns, one-hot encoded ("Month-to-month", "Fiber optic", "Electronic check"...).</summary>
    public static readonly string[] Categorical =
    [
        "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup",
        "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
    ];

    /// <summary>The 4 numeric columns. TotalCharges is blank for the 11 customers whose tenure is 0.</summary>
    public static readonly string[] Numeric = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"];

    /// <summary>The header of the original file, in its order.</summary>
    public static readonly string[] Header =
    [
        CustomerId, "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
        "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies",
        "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", Churn,
    ];

    /// <summary>Numeric columns that may be blank (a missing value).</summary>
    public static readonly string[] MayBeBlank = ["TotalCharges"];
}
