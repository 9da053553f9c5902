namespace MLNet.Backprop;

/// <summary>What early stopping watches on the validation data (or on the training loss when there is none).</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The validation loss (lower is better). Works for every task.</summary>
    Loss,
    /// <summary>Area under the ROC curve (higher is better). Binary classification only.</summary>
    Auc,
    /// <summary>Accuracy (higher is better). Classification only.</summary>
    Accuracy,
}
