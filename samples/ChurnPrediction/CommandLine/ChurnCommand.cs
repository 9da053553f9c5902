namespace ChurnPrediction.CommandLine;

/// <summary>What the sample was asked to do.</summary>
public enum ChurnCommand
{
    /// <summary>Train the MLP, compare it with ML.NET's trainers, explain and save it (the default).</summary>
    Train,

    /// <summary>Score a CSV of customers with a saved model.</summary>
    Predict,

    /// <summary>Measure a saved model on the test split.</summary>
    Evaluate,

    /// <summary>Train a grid of MLPs (learning rates × activations, optionally optimizers and clipping) and compare them.</summary>
    Sweep,

    /// <summary>Cross-validate MLP configurations on the training split and print the winner (how the default was chosen).</summary>
    Tune,

    /// <summary>Cross-validate class weighting and calibration choices on the training split and print the winner.</summary>
    Calibrate,

    /// <summary>Print the help text.</summary>
    Help,
}
