using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>The size and shape of a run's training rows, wherever they are read: what a loop that does not gather its
/// own rows (the micro-batch mode) needs to know of them.</summary>
/// <param name="Rows">Rows per epoch.</param>
/// <param name="Inputs">What a row's input carries.</param>
/// <param name="TargetWidth">Target values per row.</param>
/// <param name="HasWeights">Whether rows carry weights (example or class-balance weights).</param>
internal sealed record RowLayout(long Rows, InputShape Inputs, int TargetWidth, bool HasWeights);
