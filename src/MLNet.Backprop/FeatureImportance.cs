namespace MLNet.Backprop;

/// <summary>How much one feature slot matters: the drop of the task's main metric when its values are shuffled.</summary>
/// <param name="Slot">Index in the feature vector.</param>
/// <param name="Name">The slot's name (from the feature column's SlotNames), or "Slot{index}".</param>
/// <param name="Metric">The metric that was measured: AUC, MacroAccuracy or RSquared.</param>
/// <param name="Decrease">Mean decrease of the metric over the permutations (larger = more important).</param>
/// <param name="StandardError">Standard error of that mean (0 with one permutation).</param>
public sealed record FeatureImportance(int Slot, string Name, string Metric, double Decrease, double StandardError);
