namespace MLNet.Backprop;

/// <summary>The prediction task of a <see cref="BackpropTrainer"/>.</summary>
public enum BackpropTask
{
    /// <summary>Inferred from the label column's type: Boolean → binary, key → multiclass, Single → regression.</summary>
    Auto,
    /// <summary>Two classes; Boolean label; outputs Score (logit), Probability and PredictedLabel.</summary>
    BinaryClassification,
    /// <summary>K classes; key-typed label; outputs a Score vector of class probabilities and a key PredictedLabel.</summary>
    MulticlassClassification,
    /// <summary>A real value; Single label; outputs Score.</summary>
    Regression,
}
