namespace MLNet.Backprop.Experiments;

/// <summary>One axis of an <see cref="ExperimentSweep"/> grid: a name and the values it takes.</summary>
/// <param name="Name">The axis name, e.g. "LearningRate".</param>
/// <param name="Values">The values, each with its label and how it sets the options.</param>
public sealed record SweepAxis(string Name, IReadOnlyList<SweepValue> Values);

/// <summary>One value of a <see cref="SweepAxis"/>.</summary>
/// <param name="Label">Short text shown in tables and legends, e.g. "0.01" or "ReLU".</param>
/// <param name="Apply">Sets the value on a run's options.</param>
public sealed record SweepValue(string Label, Action<BackpropTrainer.Options> Apply);
