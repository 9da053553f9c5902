using Microsoft.ML.Data;
using ChurnPrediction.Data;

namespace ChurnPrediction.Modeling;

/// <summary>The columns read back from a scored data view: who, and the predicted churn probability.</summary>
public sealed class ScoredCustomer
{
    [ColumnName(TelcoSchema.CustomerId)]
    public string CustomerId { get; set; } = "";

    public float Probability { get; set; }
}
