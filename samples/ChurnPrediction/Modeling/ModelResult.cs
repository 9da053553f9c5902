using Microsoft.ML;
using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Modeling;

/// <summary>One trainer's row of the comparison: its fitted model, test metrics (ML.NET's, finite and defined on
/// degenerate rows: see <see cref="BinaryTestMetrics"/>) and fit time.</summary>
public sealed record ModelResult(string Name, ITransformer Model, BinaryTestMetrics Metrics, TimeSpan FitTime);
