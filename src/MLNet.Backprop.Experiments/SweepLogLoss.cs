using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// A binary run's test log-loss in bits, as ML.NET's binary evaluator computes it, but with each row's probability of its
/// label clamped to [1e-15, 1 − 1e-15], as ML.NET's multiclass evaluator and the library's calibration measures clamp it.
/// A logit beyond about ±17 rounds the float probability to exactly 1 or 0: one confidently wrong test row then made
/// ML.NET's figure, and the run's, infinite (the row's own loss is finite: 34.5 nats at a logit of 34.5).
/// </summary>
internal static class SweepLogLoss
{
    private const double Epsilon = 1e-15;

    /// <param name="scored">The test rows scored by a binary model: a Boolean label and a Single probability.</param>
    /// <param name="labelColumn">The label column.</param>
    public static double Binary(IDataView scored, string labelColumn)
    {
        var label = scored.Schema[labelColumn];
        var probability = scored.Schema[Integration.Schema.ScoreColumnNames.Probability];
        using var cursor = scored.GetRowCursor([label, probability]);
        var getLabel = cursor.GetGetter<bool>(label);
        var getProbability = cursor.GetGetter<float>(probability);
        bool y = false;
        float p = 0;
        double sum = 0;
        long rows = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref y);
            getProbability(ref p);
            sum -= Math.Log2(Math.Clamp(y ? p : 1 - (double)p, Epsilon, 1 - Epsilon));
            rows++;
        }
        return sum / rows;
    }
}
