using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// The training loss of the best constant prediction, the bar a network must beat to have learned anything from the
/// features: for binary cross-entropy the entropy of the (weighted) positive share, for softmax cross-entropy the
/// entropy of the class shares, for squared error the variance of the targets.
/// </summary>
internal static class ConstantPredictionLoss
{
    /// <summary>The baseline for <paramref name="loss"/> on <paramref name="data"/>, or null where it has no closed form (Huber).</summary>
    public static double? Of(LossFunction loss, TrainingData data, int outputs)
    {
        double total = 0;
        for (int r = 0; r < data.Rows; r++) total += data.Weights?[r] ?? 1.0;
        if (!(total > 0)) return null;
        switch (loss)
        {
            case LossFunction.BinaryCrossEntropy:
            {
                double sum = 0;
                for (int j = 0; j < outputs; j++) sum += Entropy(WeightedMean(data, j, outputs, total));
                return sum / outputs;
            }
            case LossFunction.SoftmaxCrossEntropy:
            {
                var shares = new double[outputs];
                for (int r = 0; r < data.Rows; r++) shares[(int)data.Targets[r]] += (data.Weights?[r] ?? 1.0) / total;
                return -shares.Where(p => p > 0).Sum(p => p * Math.Log(p));
            }
            case LossFunction.MeanSquaredError:
            {
                double sum = 0;
                for (int j = 0; j < outputs; j++)
                {
                    double mean = WeightedMean(data, j, outputs, total), variance = 0;
                    for (int r = 0; r < data.Rows; r++)
                    {
                        double d = data.Targets[r * outputs + j] - mean;
                        variance += (data.Weights?[r] ?? 1.0) * d * d;
                    }
                    sum += variance / total;
                }
                return sum / outputs;
            }
            default:
                return null;
        }
    }

    /// <summary>The baseline from a one-pass summary, for streamed data: per-class weight sums for classification
    /// (already including any class re-weighting), or Σw, Σw·y, Σw·y² for single-output regression.</summary>
    public static double? Of(LossFunction loss, IReadOnlyDictionary<float, double> classWeights, double weightSum, double weightedSum, double weightedSquares)
    {
        switch (loss)
        {
            case LossFunction.BinaryCrossEntropy or LossFunction.SoftmaxCrossEntropy:
            {
                double total = classWeights.Values.Sum();
                if (!(total > 0)) return null;
                if (loss == LossFunction.BinaryCrossEntropy) return Entropy(classWeights.GetValueOrDefault(1f) / total);
                return -classWeights.Values.Where(w => w > 0).Sum(w => w / total * Math.Log(w / total));
            }
            case LossFunction.MeanSquaredError when weightSum > 0:
            {
                double mean = weightedSum / weightSum;
                return Math.Max(0, weightedSquares / weightSum - mean * mean);
            }
            default:
                return null;
        }
    }

    private static double WeightedMean(TrainingData data, int column, int width, double total)
    {
        double sum = 0;
        for (int r = 0; r < data.Rows; r++) sum += (data.Weights?[r] ?? 1.0) * data.Targets[r * width + column];
        return sum / total;
    }

    private static double Entropy(double p) => p <= 0 || p >= 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
}
