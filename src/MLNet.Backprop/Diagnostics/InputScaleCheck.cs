using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Input features on scales far apart or far from 1 (from <see cref="DiagnosisContext.FeatureScales"/>).</summary>
internal sealed class InputScaleCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete) =>
        Check(context.FeatureScales, context.Thresholds, context.StandardizeFeaturesOff);

    /// <summary>A slow or stalled run's message and advice with unnormalised inputs named first when the network sees
    /// them (<see cref="DiagnosisContext.InputsNeedScaling"/>): a higher learning rate does not cure features a
    /// thousand times apart, and the UnnormalizedInputs finding says how to scale them. A label far from unit scale in
    /// the modes that train on it as given (<see cref="DiagnosisContext.LabelNeedingScaling"/>) is named the same way:
    /// there "raise the learning rate", followed, saturates the units and the diagnosis then says to lower it again.</summary>
    public static (string Message, string Advice) Explain(DiagnosisContext context, string message, string advice, string stillWhat) =>
        (context.InputsNeedScaling, context.LabelNeedingScaling) switch
        {
            (true, null) => ($"{message}; the features are far from unit scale (the UnnormalizedInputs finding), the likely cause",
                $"normalise the features as the UnnormalizedInputs finding advises; if {stillWhat}, {advice}"),
            (false, not null) => LabelScaleCheck.Explain(context, message, advice, stillWhat),
            (true, { } label) => ($"{message}; the features and the label '{label}' are far from unit scale (the UnnormalizedInputs findings), the likely cause",
                $"normalise the features and scale the label as the UnnormalizedInputs findings advise; if {stillWhat}, {advice}"),
            _ => (message, advice),
        };

    /// <summary>The check on its own, as run before training; <paramref name="standardizeFeaturesOff"/>: the user turned
    /// off a standardisation the fit would apply, so the advice names that option first.</summary>
    public static IEnumerable<Finding> Check(FeatureScaleReport? scales, DiagnosisThresholds t, bool standardizeFeaturesOff = false)
    {
        if (scales is null) yield break;
        if (scales.NonZeroMagnitudes is { } magnitudes)
        {
            foreach (var finding in CheckSparse(scales, magnitudes, t)) yield return finding;
            yield break;
        }
        var columns = Enumerable.Range(0, scales.Names.Count).Where(c => !scales.IsConstant(c)).ToArray();
        if (columns.Length == 0) yield break;
        int widest = columns.MaxBy(c => scales.StandardDeviations[c]);
        int narrowest = columns.MinBy(c => scales.StandardDeviations[c]);
        int farthest = columns.MaxBy(c => Math.Max(Math.Abs(scales.Means[c]), scales.StandardDeviations[c]));
        double ratio = scales.StandardDeviations[widest] / scales.StandardDeviations[narrowest];
        double magnitude = Math.Max(Math.Abs(scales.Means[farthest]), scales.StandardDeviations[farthest]);
        if (ratio <= t.ScaleRatio && magnitude <= t.ScaleMagnitude) yield break;
        string Describe(int c) => $"'{scales.Names[c]}' (mean {scales.Means[c]:G3}, std {scales.StandardDeviations[c]:G3})";
        string message = ratio > t.ScaleRatio
            ? $"feature standard deviations differ by {ratio:G3}×: {Describe(widest)} versus {Describe(narrowest)}"
            : $"feature {Describe(farthest)} is far from unit scale";
        yield return new Finding
        {
            Kind = FindingKind.UnnormalizedInputs,
            Severity = FindingSeverity.Warning,
            Layer = null,
            Epoch = null,
            Message = message,
            Advice = (standardizeFeaturesOff ? "set StandardizeFeatures = true (the default: the trainer scales the features itself, standardised and folded into the first layer, or, in the micro-batch and cluster modes, through the default input stage; the model keeps the map), or " : "") +
                "normalise the features before the trainer, e.g. .Append(ml.Transforms.NormalizeMeanVariance(\"Features\"))",
            Evidence = DiagnosisMath.Evidence(("StdRatio", ratio), ("LargestMagnitude", magnitude), ("WidestColumn", widest),
                ("NarrowestColumn", narrowest), ("FarthestColumn", farthest)),
        };
    }

    // A sparse input is never centred, and a rare feature's deviation says nothing of its values: compare the sizes of
    // the non-zero values.
    private static IEnumerable<Finding> CheckSparse(FeatureScaleReport scales, IReadOnlyList<double> magnitudes, DiagnosisThresholds t)
    {
        // One pass, no list of the non-zero columns (a hashed input has a million): the first largest and smallest.
        int largest = -1, smallest = -1;
        for (int c = 0; c < magnitudes.Count; c++)
        {
            double m = magnitudes[c];
            if (!(m > 0)) continue;
            if (largest < 0 || m > magnitudes[largest]) largest = c;
            if (smallest < 0 || m < magnitudes[smallest]) smallest = c;
        }
        if (largest < 0) yield break;
        double ratio = magnitudes[largest] / magnitudes[smallest];
        // Non-zero values of at most unit size apart are what sparse featurizers give (FeaturizeText's row-normalised
        // n-grams: 0.005 to 0.7 on the fine-food reviews, one-hot 1s, TF-IDF): max-abs scaling them lowered the reviews'
        // test AUC on three seeds of three (0.8644 → 0.8508 at seed 0), so only values beyond unit size are told.
        bool apart = ratio > t.ScaleRatio && magnitudes[largest] > 1;
        if (!apart && magnitudes[largest] <= t.ScaleMagnitude) yield break;
        string Describe(int c) => $"'{scales.Names[c]}' (non-zero values of size {magnitudes[c]:G3})";
        yield return new Finding
        {
            Kind = FindingKind.UnnormalizedInputs,
            Severity = FindingSeverity.Warning,
            Layer = null,
            Epoch = null,
            Message = apart
                ? $"the sparse features' non-zero values differ in size by {ratio:G3}×: {Describe(largest)} versus {Describe(smallest)}"
                : $"sparse feature {Describe(largest)} is far from unit scale",
            // ML.NET has no NormalizeMaxAbs: NormalizeMinMax's default fixZero: true maps 0 to 0 and divides each column
            // by its largest |value|, which is max-abs scaling.
            Advice = "scale the features without centring them (a centred sparse column is dense), e.g. .Append(ml.Transforms.NormalizeMinMax(\"Features\")) " +
                "(its default fixZero: true keeps zeros at 0 and divides each column by its largest |value|), or NormalizeLpNorm for text",
            Evidence = DiagnosisMath.Evidence(("SizeRatio", ratio), ("LargestMagnitude", magnitudes[largest]), ("LargestColumn", largest),
                ("SmallestColumn", smallest)),
        };
    }
}
