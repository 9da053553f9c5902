using Microsoft.ML;
using MLNet.Backprop.Experiments.Tuning;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// The test rows' inputs, checked before any run trains: every run scores every test row, and scoring refuses a feature
/// column of another type than the training rows' and a feature that is NaN or infinite, so such test data made the
/// sweep throw after the runs had trained (their results lost).
/// </summary>
internal static class SweepTestFeatures
{
    /// <exception cref="ArgumentException">A test input column is of another type than the training data's, or a test row
    /// holds a NaN or infinite feature (the message names the column, and the row and slot).</exception>
    public static void Verify(IDataView test, DataViewSchema train, BackpropTrainer.Options options, string paramName)
    {
        // A column missing from the training data is the trainer's to name; one missing from the test data is named here.
        foreach (string name in options.CategoricalColumnNames.Prepend(options.FeatureColumnName))
        {
            if (train.GetColumnOrNull(name) is not { } trained) continue;
            var type = test.Schema.GetColumnOrNull(name)?.Type;
            if (type is null || !type.Equals(trained.Type))
                throw new ArgumentException($"The test data's column '{name}' is {(type is null ? "missing" : type.ToString())}; the training data's is " +
                    $"{trained.Type}: every run scores the test rows with a model trained on the training rows.", paramName);
        }
        // A missing or mistyped column is the trainer's and the scorer's to name.
        if (FeatureCheck.Scan(test, options.FeatureColumnName, float.MaxValue)?.FirstOrDefault(r => r is not null) is not { } bad) return;
        throw new ArgumentException($"The test data's feature column '{options.FeatureColumnName}' holds {bad.Value} at slot {bad.Slot} in row {bad.Row} (counting from 0): " +
            "every run scores every test row, and a model needs finite features. Replace missing values (ReplaceMissingValues) in the test data " +
            "before the sweep (SkipRowsWithNonFiniteFeatures skips training rows only).", paramName);
    }
}
