namespace MLNet.Backprop.Experiments;

/// <summary>One run of an <see cref="ExperimentSweep"/> before training: its place in the grid, its label and its options.</summary>
/// <param name="Index">Position in the grid (0-based, first axis slowest).</param>
/// <param name="Label">"lr=0.01, act=ReLU": the axis values, for tables and legends.</param>
/// <param name="Settings">The value label of each axis, by axis name.</param>
/// <param name="Options">The complete options of the run (seed set, one thread).</param>
public sealed record SweepConfiguration(int Index, string Label, IReadOnlyDictionary<string, string> Settings, BackpropTrainer.Options Options);
