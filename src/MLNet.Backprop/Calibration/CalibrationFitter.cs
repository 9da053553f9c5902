using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Calibration;

/// <summary>Hold-out rows' logits (a network's own, before any calibration), labels (binary 0/1, multiclass the
/// class index) and example weights (empty for all 1).</summary>
internal sealed record HeldOutScores(float[] Logits, float[] Labels, float[]? Weights, int Outputs);

/// <summary>Resolves the calibration option into the model's <see cref="OutputCalibration"/> and measures it on the
/// hold-out into a <see cref="CalibrationReport"/>.</summary>
internal static class CalibrationFitter
{
    /// <summary>The hold-out rows (every network's together) from which Auto fits Platt scaling: for a weighted
    /// classifier instead of the prior correction (measured on the first network's hold-out, Platt won the log-loss on
    /// every set of the suite whose hold-out had at least 100 rows and lost on most with fewer; on the pooled hold-outs
    /// the same threshold lowered the log-loss on 7 of 13 sets and raised it on 4), and for an unweighted binary one
    /// instead of nothing (docs: src/docs/articles/probabilities.md, "How Auto was chosen").</summary>
    internal const int AutoPlattRows = 100;

    /// <param name="task">Binary or multiclass classification.</param>
    /// <param name="requested">The option's value.</param>
    /// <param name="classWeights">Per network, the class weights its loss used (null for a network trained unweighted).</param>
    /// <param name="heldOut">The hold-out logits (every network's own rows pooled, <see cref="HeldOutScoring.Pool"/>), or null without a hold-out.</param>
    /// <param name="outputs">The model's outputs (1 for binary).</param>
    /// <param name="classTotals">Σ of the training rows' example weights per label value (the data summary's); needed by
    /// <see cref="ProbabilityCalibration.EqualPriors"/> only.</param>
    public static (OutputCalibration Calibration, CalibrationReport Report) Fit(BackpropTask task, ProbabilityCalibration requested,
        IReadOnlyList<double[]?> classWeights, HeldOutScores? heldOut, int outputs, IReadOnlyDictionary<float, double>? classTotals = null)
    {
        bool weighted = classWeights.Any(w => w is not null);
        // Auto, as measured (docs: src/docs/articles/probabilities.md, "How Auto was chosen"): weighted networks get Platt (or temperature)
        // scaling on the hold-out, which beat the exact prior correction on most sets because a weighted network stopped
        // early is not at the weighted loss' optimum; without enough hold-out rows the prior correction is the exact
        // fallback. Unweighted binary networks get Platt scaling too when the hold-out is as large (after 1.0.0:
        // over 25 folds it lowered the log-loss and the ECE on 6 of the 8 binary sets measured); unweighted multiclass
        // ones are left as trained (a temperature raised both on letter and penguins).
        bool plattRows = heldOut is not null && heldOut.Labels.Length >= AutoPlattRows;
        var method = requested != ProbabilityCalibration.Auto ? requested
            : weighted ? (plattRows ? ProbabilityCalibration.Platt : ProbabilityCalibration.PriorCorrection)
            : task == BackpropTask.BinaryClassification && plattRows ? ProbabilityCalibration.Platt
            : ProbabilityCalibration.None;
        // The networks' logits are averaged, so the mean of their corrections corrects the mean exactly.
        var offsets = new float[outputs];
        if (method != ProbabilityCalibration.None && weighted)
            foreach (var weights in classWeights)
            {
                if (weights is null) continue;
                var own = PriorCorrection.Offsets(weights, task);
                for (int j = 0; j < outputs; j++) offsets[j] += own[j] / classWeights.Count;
            }
        if (method == ProbabilityCalibration.EqualPriors)
        {
            var equal = PriorCorrection.EqualPriorOffsets(classTotals ?? throw new ArgumentNullException(nameof(classTotals)), outputs, task);
            for (int j = 0; j < outputs; j++) offsets[j] += equal[j];
        }
        var calibration = new OutputCalibration(method, 1f, offsets);
        string? note = null;
        if (method is ProbabilityCalibration.Platt or ProbabilityCalibration.Temperature or ProbabilityCalibration.Isotonic)
        {
            var fitted = heldOut is null ? null : FitScaling(task, method, heldOut, offsets);
            if (fitted is null)
            {
                string name = method switch
                {
                    ProbabilityCalibration.Platt => "Platt scaling",
                    ProbabilityCalibration.Isotonic => "isotonic calibration",
                    _ => "temperature scaling",
                };
                // Unweighted under Auto there is nothing for the prior correction to undo: left as trained, and said so.
                bool asTrained = requested == ProbabilityCalibration.Auto && !weighted;
                note = requested == ProbabilityCalibration.Auto
                    ? $"Calibration Auto: the hold-out rows hold one class only, or their fitted slope is not positive, so " +
                      (asTrained ? "the probabilities are left as trained" : "the prior correction was applied") + $" instead of {name}."
                    : heldOut is null
                    ? $"Calibration {method} needs hold-out rows (ValidationFraction > 0 or validation data) and training held none out: the prior correction was applied instead."
                    : $"Calibration {method}: the hold-out rows hold one class only, or their fitted slope is not positive (it would reverse the model's ranking), " +
                      "so no scaling was fitted: the prior correction was applied instead.";
                calibration = asTrained ? OutputCalibration.Identity(outputs) : calibration with { Method = ProbabilityCalibration.PriorCorrection };
            }
            else calibration = fitted;
        }
        if (method == ProbabilityCalibration.None) calibration = OutputCalibration.Identity(outputs);
        return (calibration, Measure(task, calibration, heldOut, note));
    }

    /// <summary>Platt (binary) on the hold-out, or the prior correction then one temperature (multiclass Platt, and
    /// Temperature for both tasks), or the isotonic map (binary; monotone, so the prior correction before it would change
    /// nothing); null for one class.</summary>
    private static OutputCalibration? FitScaling(BackpropTask task, ProbabilityCalibration method, HeldOutScores heldOut, float[] priorOffsets)
    {
        bool binary = task == BackpropTask.BinaryClassification;
        if (method == ProbabilityCalibration.Isotonic)
            return IsotonicFit.Fit(heldOut.Logits, heldOut.Labels, heldOut.Weights) is { } map
                ? new OutputCalibration(ProbabilityCalibration.Isotonic, 1f, [0f]) { Isotonic = map } : null;
        if (binary && method == ProbabilityCalibration.Platt)
        {
            var platt = ScalingFit.Platt(heldOut.Logits, heldOut.Labels, heldOut.Weights);
            return platt is var (a, b) ? new OutputCalibration(ProbabilityCalibration.Platt, a, [b]) : null;
        }
        var corrected = (float[])heldOut.Logits.Clone();
        new OutputCalibration(ProbabilityCalibration.PriorCorrection, 1f, priorOffsets).Apply(corrected);
        // σ(a·s) is the softmax of a·[0, s]: the binary temperature is the two-class one on those logits.
        var scale = binary
            ? ScalingFit.Temperature(TwoClassLogits(corrected), heldOut.Labels, heldOut.Weights, 2)
            : ScalingFit.Temperature(corrected, heldOut.Labels, heldOut.Weights, heldOut.Outputs);
        return scale is float s ? new OutputCalibration(method, s, priorOffsets.Select(o => s * o).ToArray()) : null;
    }

    private static float[] TwoClassLogits(float[] scores)
    {
        var logits = new float[scores.Length * 2];
        for (int i = 0; i < scores.Length; i++) logits[2 * i + 1] = scores[i];
        return logits;
    }

    private static CalibrationReport Measure(BackpropTask task, OutputCalibration calibration, HeldOutScores? heldOut, string? note)
    {
        if (heldOut is null) return new CalibrationReport { Method = calibration.Method, Note = note };
        int classes = task == BackpropTask.BinaryClassification ? 1 : heldOut.Outputs;
        var before = Probabilities(heldOut.Logits, classes);
        var calibrated = (float[])heldOut.Logits.Clone();
        calibration.Apply(calibrated);
        var after = Probabilities(calibrated, classes);
        var binsBefore = CalibrationMeasures.Bins(before, heldOut.Labels, heldOut.Weights, classes);
        var binsAfter = CalibrationMeasures.Bins(after, heldOut.Labels, heldOut.Weights, classes);
        return new CalibrationReport
        {
            Method = calibration.Method,
            Note = note,
            Rows = heldOut.Labels.Length,
            LogLossBefore = CalibrationMeasures.LogLoss(before, heldOut.Labels, heldOut.Weights, classes),
            LogLossAfter = CalibrationMeasures.LogLoss(after, heldOut.Labels, heldOut.Weights, classes),
            ExpectedCalibrationErrorBefore = CalibrationMeasures.ExpectedCalibrationError(binsBefore),
            ExpectedCalibrationErrorAfter = CalibrationMeasures.ExpectedCalibrationError(binsAfter),
            Bins = binsAfter,
        };
    }

    /// <summary>Sigmoid (one output) or row-wise softmax of logits, in double then rounded.</summary>
    internal static float[] Probabilities(float[] logits, int classes)
    {
        var p = new float[logits.Length];
        if (classes == 1)
        {
            for (int i = 0; i < logits.Length; i++) p[i] = (float)ScalarMath.Sigmoid((double)logits[i]);
            return p;
        }
        for (int start = 0; start < logits.Length; start += classes)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < classes; c++) max = Math.Max(max, logits[start + c]);
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[start + c] - max);
            for (int c = 0; c < classes; c++) p[start + c] = (float)(Math.Exp(logits[start + c] - max) / sum);
        }
        return p;
    }
}
