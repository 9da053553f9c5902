using Microsoft.ML.Data;

namespace ChurnPrediction.Modeling;

/// <summary>A scored test row with its true label, for the threshold search.</summary>
public sealed class LabeledScore
{
    [ColumnName(ChurnPipeline.Label)]
    public bool Churned { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
