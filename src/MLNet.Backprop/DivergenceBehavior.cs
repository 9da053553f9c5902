namespace MLNet.Backprop;

/// <summary>What training does when the loss or the gradients become NaN or infinite.</summary>
public enum DivergenceBehavior
{
    /// <summary>Stop and throw a <see cref="Training.TrainingDivergedException"/> carrying the history and diagnosis.</summary>
    Throw,
    /// <summary>Restore the best finite weights seen at an epoch boundary (if any) and return them, the divergence
    /// recorded in the history; throw when no finite epoch completed.</summary>
    ReturnBestModel,
}
