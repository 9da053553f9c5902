using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnPrediction.Modeling;

/// <summary>One trainer's row of the comparison: its fitted model, test metrics and fit time.</summary>
public sealed record ModelResult(string Name, ITransformer Model, CalibratedBinaryClassificationMetrics Metrics, TimeSpan FitTime);
