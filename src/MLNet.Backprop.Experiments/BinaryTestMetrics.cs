using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// A binary classifier's test metrics as ML.NET's evaluator computes them, bit for bit, except where its figure claims
/// more than the rows say; the sweep, the samples and the quality tool print these.
/// <list type="bullet">
/// <item><see cref="LogLoss"/>: each row's probability of its label is clamped to [<see cref="ProbabilityClamp"/>,
/// 1 − <see cref="ProbabilityClamp"/>], as ML.NET's multiclass evaluator clamps it. A logit beyond about ±17 rounds the
/// float probability to exactly 1 or 0, and one confidently wrong row then made ML.NET's binary figure ∞.</item>
/// <item><see cref="AreaUnderPrecisionRecallCurve"/>: when every row has the same score (a model that learned nothing),
/// the positive share, the precision of the one threshold there is, as scikit-learn's average_precision_score gives it.
/// ML.NET's estimator walks tied rows in row order and reported 1 for constant scores when the positives came first.
/// Partly tied scores keep ML.NET's figure.</item>
/// </list>
/// Rows ML.NET's evaluator would silently leave out (a score that is not finite) and rows that give no figure (one
/// class, no rows, a NaN probability) are refused with an error that names the row or the column.
/// </summary>
/// <example>
/// <code language="csharp"><![CDATA[
/// using Microsoft.ML;
/// using MLNet.Backprop;
/// using MLNet.Backprop.Experiments;
///
/// // trainData and testData: a Boolean "Churn" label and a "Features" vector.
/// var model = ml.BinaryClassification.Trainers.Backprop(labelColumnName: "Churn").Fit(trainData);
/// var metrics = BinaryTestMetrics.Evaluate(ml, model.Transform(testData), labelColumnName: "Churn");
/// Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4}, PR-AUC {metrics.AreaUnderPrecisionRecallCurve:F4}, log-loss {metrics.LogLoss:F4}");
/// ]]></code>
/// </example>
public sealed class BinaryTestMetrics
{
    /// <summary>The clamp of a row's probability of its label in <see cref="LogLoss"/>: the smallest probability it
    /// reads (and 1 − this the largest).</summary>
    public const double ProbabilityClamp = 1e-15;

    private BinaryTestMetrics(double auc, double prAuc, double accuracy, double f1, double? logLoss)
    {
        AreaUnderRocCurve = auc;
        AreaUnderPrecisionRecallCurve = prAuc;
        Accuracy = accuracy;
        F1Score = f1;
        LogLoss = logLoss;
    }

    /// <summary>Area under the ROC curve (ML.NET's; ties count ½, so constant scores give 0.5).</summary>
    public double AreaUnderRocCurve { get; }

    /// <summary>Area under the precision-recall curve of the positive class (ML.NET's), or the positive share when
    /// every row has the same score.</summary>
    public double AreaUnderPrecisionRecallCurve { get; }

    /// <summary>Share of the rows predicted right (ML.NET's: the probability &gt; 0.5, or the score &gt; 0 without a
    /// Probability column).</summary>
    public double Accuracy { get; }

    /// <summary>F1 of the positive class (ML.NET's; 0 when no positive row is flagged).</summary>
    public double F1Score { get; }

    /// <summary>Mean −log₂ of each row's probability of its label, clamped to [<see cref="ProbabilityClamp"/>,
    /// 1 − <see cref="ProbabilityClamp"/>] (ML.NET's binary figure, in bits, when no probability is clamped); null when
    /// the rows have no Probability column (an uncalibrated model).</summary>
    public double? LogLoss { get; }

    /// <summary>The metrics of <paramref name="scored"/>: a Boolean label column, Single Score, PredictedLabel and
    /// (optionally) Probability columns, as a binary model's <c>Transform</c> gives them.</summary>
    /// <param name="ml">The context whose evaluator computes ML.NET's figures.</param>
    /// <param name="scored">The scored test rows.</param>
    /// <param name="labelColumnName">The label column. Default "Label".</param>
    /// <exception cref="ArgumentException">The label column is missing or not Boolean (ParamName
    /// <paramref name="labelColumnName"/>); there are no rows, the rows hold one class, a score is not finite or a
    /// probability is NaN (ParamName <paramref name="scored"/>).</exception>
    public static BinaryTestMetrics Evaluate(MLContext ml, IDataView scored, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(scored);
        var rows = ScoredRows.Read(scored, labelColumnName);
        bool calibrated = rows.Probabilities is not null;
        var mlNet = calibrated ? ml.BinaryClassification.Evaluate(scored, labelColumnName)
            : ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumnName);
        return new BinaryTestMetrics(
            mlNet.AreaUnderRocCurve,
            rows.ScoresAreConstant ? (double)rows.Positives / rows.Count : mlNet.AreaUnderPrecisionRecallCurve,
            mlNet.Accuracy,
            mlNet.F1Score,
            calibrated ? rows.LogLoss() : null);
    }

    /// <summary>The columns the corrections read, checked row by row.</summary>
    private sealed class ScoredRows
    {
        public required bool[] Labels { get; init; }
        public float[]? Probabilities { get; init; }
        public long Positives { get; init; }
        public bool ScoresAreConstant { get; init; }
        public int Count => Labels.Length;

        public static ScoredRows Read(IDataView scored, string labelColumnName)
        {
            var label = scored.Schema.GetColumnOrNull(labelColumnName)
                ?? throw new ArgumentException($"The scored rows have no label column '{labelColumnName}'.", nameof(labelColumnName));
            if (label.Type != BooleanDataViewType.Instance)
                throw new ArgumentException($"Label column '{labelColumnName}' is {label.Type}; a binary model's metrics need a Boolean label.", nameof(labelColumnName));
            var score = scored.Schema.GetColumnOrNull("Score")
                ?? throw new ArgumentException("The scored rows have no Score column: pass model.Transform(data), not the data itself.", nameof(scored));
            var probability = scored.Schema.GetColumnOrNull("Probability");
            var labels = new List<bool>();
            var probabilities = probability is null ? null : new List<float>();
            long positives = 0;
            bool constant = true;
            float first = 0;
            using var cursor = scored.GetRowCursor(probability is { } p ? [label, score, p] : [label, score]);
            var getLabel = cursor.GetGetter<bool>(label);
            var getScore = cursor.GetGetter<float>(score);
            var getProbability = probability is { } column ? cursor.GetGetter<float>(column) : null;
            bool y = false;
            float s = 0, q = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref y);
                getScore(ref s);
                int row = labels.Count;
                // ML.NET's evaluator leaves such a row out of every metric without a word.
                if (!float.IsFinite(s))
                    throw new ArgumentException($"Row {row}'s Score is {s.ToString(CultureInfo.InvariantCulture)}: every row needs a finite score (ML.NET's evaluator would leave the row out).", nameof(scored));
                if (getProbability is not null)
                {
                    getProbability(ref q);
                    if (float.IsNaN(q)) throw new ArgumentException($"Row {row}'s Probability is NaN: its log-loss is undefined.", nameof(scored));
                    probabilities!.Add(q);
                }
                if (row == 0) first = s;
                else if (s != first) constant = false;
                labels.Add(y);
                if (y) positives++;
            }
            if (labels.Count == 0) throw new ArgumentException("The scored rows hold no row: their metrics are undefined.", nameof(scored));
            if (positives == 0 || positives == labels.Count)
                throw new ArgumentException($"Label column '{labelColumnName}' holds only {(positives == 0 ? "false" : "true")} in the {labels.Count} rows: " +
                    "AUC, PR-AUC and F1 need both classes.", nameof(scored));
            return new ScoredRows { Labels = [.. labels], Probabilities = probabilities?.ToArray(), Positives = positives, ScoresAreConstant = constant };
        }

        /// <summary>ML.NET's sum, row by row in the same order and with the same −log(x, 2), so that it is ML.NET's figure
        /// bit for bit when nothing is clamped.</summary>
        public double LogLoss()
        {
            double sum = 0;
            for (int i = 0; i < Labels.Length; i++)
                sum += -Math.Log(Math.Clamp(Labels[i] ? Probabilities![i] : 1.0 - Probabilities![i], ProbabilityClamp, 1 - ProbabilityClamp), 2);
            return sum / Labels.Length;
        }
    }
}
