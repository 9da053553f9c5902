using Microsoft.ML.Data;
using ChurnPrediction.Data;

namespace ChurnPrediction.Modeling;

/// <summary>A few readable columns of a raw customer row, for the console.</summary>
public sealed class ExampleCustomer
{
    [ColumnName(TelcoSchema.CustomerId)]
    public string CustomerId { get; set; } = "";

    public string Contract { get; set; } = "";

    [ColumnName("tenure")]
    public float Tenure { get; set; }

    public string Churn { get; set; } = "";
}
