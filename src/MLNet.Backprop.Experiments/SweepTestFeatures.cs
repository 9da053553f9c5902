using Microsoft.ML;
using MLNet.Backprop.Experiments.Tuning;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// The test rows' features, checked before any run trains: every run scores every test row, and scoring refuses a
/// feature that is NaN or infinite, so such a row made the sweep throw after every run had trained (its results lost).
/// </summary>
internal static class SweepTestFeatures
{
    /// <exception cref="ArgumentException">A test row holds a NaN or infinite feature (the message names the column, the
    /// row and the slot).</exception>
    public static void Verify(IDataView test, string featureColumn, string paramName)
    {
        // A missing or mistyped column is the trainer's and the scorer's to name.
        if (FeatureCheck.Scan(test, featureColumn, float.MaxValue)?.FirstOrDefault(r => r is not null) is not { } bad) return;
        throw new ArgumentException($"The test data's feature column '{featureColumn}' holds {bad.Value} at slot {bad.Slot} in row {bad.Row} (counting from 0): " +
            "every run scores every test row, and a model needs finite features. Replace missing values (ReplaceMissingValues) in the test data " +
            "before the sweep (SkipRowsWithNonFiniteFeatures skips training rows only).", paramName);
    }
}
