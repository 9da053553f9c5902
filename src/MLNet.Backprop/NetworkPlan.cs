using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>The settings of one network of a <see cref="FitPlan"/>, resolved once its rows are known.</summary>
/// <param name="Index">0 for the first network, whose history, diagnosis and progress are the model's.</param>
/// <param name="Seed">The network's seed (its initialisation; its shuffling and dropout use the next value).</param>
/// <param name="AucUndefined">Early stopping on AUC fell back to the loss: the validation rows hold one class.</param>
/// <param name="Training">The engine's settings for this network's run.</param>
/// <param name="Architecture">The network's architecture and initialisation.</param>
internal sealed record NetworkPlan(int Index, int Seed, bool AucUndefined, TrainingOptions Training, NetworkOptions Architecture);
