namespace MLNet.Backprop.Training;

/// <summary>
/// Checks a training history read from outside (a model file, JSON) as strictly as the weights: every record present,
/// epochs numbered 1, 2, … in order, the kept epoch among them, enums defined, counts and shares in range. Returns the
/// first problem, naming the field, so each reader can raise its own exception type.
/// </summary>
internal static class TrainingHistoryValidation
{
    /// <summary>The first problem of the stored history, or null when it is sound.</summary>
    /// <param name="epochs">The stored epochs (may be empty when they were left out).</param>
    /// <param name="bestEpoch">The kept epoch (0 while the run has not ended).</param>
    /// <param name="stopReason">Why training ended.</param>
    /// <param name="elapsed">Training time.</param>
    /// <param name="findings">The stored diagnosis, or null when the format has none.</param>
    public static string? Problem(IReadOnlyList<EpochReport?>? epochs, int bestEpoch, StopReason stopReason, TimeSpan elapsed,
        IReadOnlyList<Finding?>? findings)
    {
        epochs ??= [];
        if (!Enum.IsDefined(stopReason)) return $"StopReason {(int)stopReason} is not a defined value";
        if (elapsed < TimeSpan.Zero) return $"Elapsed is negative ({elapsed})";
        // Without stored epochs (left out when saving) the kept epoch cannot be compared with them, only be non-negative;
        // 0 is a run still in progress (a checkpoint), whose kept epoch is decided when it ends.
        if (bestEpoch < 0 || (epochs.Count > 0 && bestEpoch > epochs.Count))
            return $"BestEpoch is {bestEpoch}, not one of the {epochs.Count} stored epochs";
        for (int i = 0; i < epochs.Count; i++)
            if (EpochProblem(epochs[i], i + 1) is { } problem) return $"Epochs[{i}]{problem}";
        return findings is null ? null : FindingsProblem(findings, "Findings");
    }

    private static string? EpochProblem(EpochReport? e, int number)
    {
        if (e is null) return " is null";
        if (e.Epoch != number) return $".Epoch is {e.Epoch}, expected {number}";
        if (e.Batches < 0 || e.ClippedBatches < 0 || e.ClippedBatches > e.Batches)
            return $" counts {e.Batches} batches of which {e.ClippedBatches} clipped";
        if (e.Elapsed < TimeSpan.Zero) return $".Elapsed is negative ({e.Elapsed})";
        if (e.Layers is null) return ".Layers is null";
        for (int l = 0; l < e.Layers.Count; l++)
        {
            var layer = e.Layers[l];
            if (layer is null) return $".Layers[{l}] is null";
            if (layer.Layer != l) return $".Layers[{l}].Layer is {layer.Layer}, expected {l}";
            if (layer.NonFiniteCount < 0) return $".Layers[{l}].NonFiniteCount is {layer.NonFiniteCount}";
            if (!IsShare(layer.DeadUnitShare) || !IsShare(layer.SaturatedShare))
                return $".Layers[{l}] has a unit share outside [0, 1] (dead {layer.DeadUnitShare}, saturated {layer.SaturatedShare})";
            if (layer.GradientHistogram is { } h && (h.Counts is null || h.Counts.Count != GradientHistogram.BinCount || h.Counts.Any(c => c < 0) || h.Zeros < 0))
                return $".Layers[{l}].GradientHistogram does not have {GradientHistogram.BinCount} non-negative counts";
        }
        if (e.Embeddings is null) return ".Embeddings is null";
        for (int t = 0; t < e.Embeddings.Count; t++)
        {
            var table = e.Embeddings[t];
            if (table is null) return $".Embeddings[{t}] is null";
            if (table.Keys < 1 || table.Width < 1 || table.KeysTouched < 0 || table.KeysNeverTouched < 0
                || table.KeysTouched > table.Keys || table.KeysNeverTouched > table.Keys)
                return $".Embeddings[{t}] counts {table.KeysTouched} touched and {table.KeysNeverTouched} never touched of {table.Keys} keys (width {table.Width})";
        }
        return e.Findings is null ? ".Findings is null" : FindingsProblem(e.Findings, ".Findings") is { } p ? p : null;
    }

    private static string? FindingsProblem(IReadOnlyList<Finding?> findings, string name)
    {
        for (int i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            string at = $"{name}[{i}]";
            if (f is null) return $"{at} is null";
            if (!Enum.IsDefined(f.Kind)) return $"{at}.Kind {(int)f.Kind} is not a defined value";
            if (!Enum.IsDefined(f.Severity)) return $"{at}.Severity {(int)f.Severity} is not a defined value";
            if (f.Message is null || f.Advice is null) return $"{at} has no message or advice";
            if (f.Evidence is null) return $"{at}.Evidence is null";
            if (f.Layer < 0 || f.Epoch < 0) return $"{at} names layer {f.Layer} and epoch {f.Epoch}";
        }
        return null;
    }

    /// <summary>The first problem of stored training settings, or null when they are sound (or absent).</summary>
    public static string? Problem(TrainingSettings? settings) => settings switch
    {
        null => null,
        { MaximumEpochs: < 1 } => $"Settings.MaximumEpochs {settings.MaximumEpochs} is not positive",
        { EarlyStoppingPatience: < 1 } => $"Settings.EarlyStoppingPatience {settings.EarlyStoppingPatience} is not positive",
        { HoldOutFraction: var f } when !(f is >= 0f and < 1f) => $"Settings.HoldOutFraction {f} is not in [0, 1)",
        { TrainingRows: < 0 } or { ValidationRows: < 0 } => $"Settings' row counts {settings.TrainingRows} and {settings.ValidationRows} are not both ≥ 0",
        _ when !Enum.IsDefined(settings.EarlyStoppingMetric) => $"Settings.EarlyStoppingMetric {(int)settings.EarlyStoppingMetric} is not a defined value",
        _ when !Enum.IsDefined(settings.Initialization) => $"Settings.Initialization {(int)settings.Initialization} is not a defined value",
        // The input stage is recorded resolved: Auto there would be the very thing the record exists to replace.
        { NumericEncoding: { } e } when !Enum.IsDefined(e) || e == NumericEncoding.Auto => $"Settings.NumericEncoding {e} is not a resolved encoding",
        { NumericScaling: { } c } when !Enum.IsDefined(c) || c == NumericScaling.Auto => $"Settings.NumericScaling {c} is not a resolved scaling",
        { NumericBinning: { } b } when !Enum.IsDefined(b) => $"Settings.NumericBinning {(int)b} is not a defined value",
        { NumericBins: < 1 } => $"Settings.NumericBins {settings.NumericBins} is not positive",
        _ => null,
    };

    private static bool IsShare(double value) => value is >= 0 and <= 1 || double.IsNaN(value);
}
