namespace MLNet.Backprop;

/// <summary>How much one feature slot, or one categorical column, matters: the drop of the task's main metric when its
/// values are shuffled across the rows.</summary>
/// <param name="Slot">Index in the feature vector; −1 for a categorical column (<see cref="IsCategoricalColumn"/>).</param>
/// <param name="Name">The slot's name (from the feature column's SlotNames), or "Slot{index}"; a categorical column's name.</param>
/// <param name="Metric">The metric that was measured: AUC, MacroAccuracy or RSquared.</param>
/// <param name="Decrease">Mean decrease of the metric over the permutations (larger = more important).</param>
/// <param name="StandardError">Standard error of that mean (0 with one permutation).</param>
public sealed record FeatureImportance(int Slot, string Name, string Metric, double Decrease, double StandardError)
{
    /// <summary>True for a categorical column of <see cref="BackpropTrainer.Options.CategoricalColumnNames"/> (its keys
    /// permuted across the rows, so its whole embedding lookup is scrambled); false for a feature slot.</summary>
    public bool IsCategoricalColumn { get; init; }
}
