namespace MLNet.Backprop;

/// <summary>How the feature vector's values are scaled before the first layer (<see cref="BackpropTrainer.Options.NumericScaling"/>).</summary>
/// <remarks>The codes are stored nowhere (a model stores the scaling itself); still, append new values, never renumber.</remarks>
public enum NumericScaling
{
    /// <summary>Standardised with the training rows' mean and standard deviation when
    /// <see cref="BackpropTrainer.Options.StandardizeFeatures"/> is true, the map folded into the first layer (scoring costs
    /// nothing). What <see cref="Auto"/> resolves to unless the encoding is automatic and resolves to its encoded
    /// stage, and the default before 1.1.</summary>
    Standard = 0,

    /// <summary>RealMLP's preprocessing (Holzmüller et al. 2024, "Better by Default"): each value centred on the training
    /// rows' median and divided by their interquartile range (by half the range when the quartiles are equal; a constant
    /// feature becomes 0), then smoothly clipped, v ↦ v / √(1 + (v/3)²): linear near the median, bounded by ±3 for outliers.
    /// The statistics come from every row given to <c>Fit</c> (their feature values only, so an automatic hold-out's rows
    /// count too; streamed, from a sample of at most 200,000 of them, every row when there are no more); the model stores them and applies the clip when it scores (a few operations per value; not foldable
    /// into the weights). <see cref="BackpropTrainer.Options.StandardizeFeatures"/> is then ignored.</summary>
    RobustSmoothClip = 1,

    /// <summary>The default: <see cref="RobustSmoothClip"/> when <see cref="BackpropTrainer.Options.NumericEncoding"/> is
    /// <see cref="NumericEncoding.Auto"/> and resolves to its encoded stage (on the dense path, in every mode), or in the
    /// micro-batch and cluster modes on the plain stage with StandardizeFeatures on (<see cref="NumericEncoding.None"/>),
    /// else <see cref="Standard"/>, so that an explicit encoding (but None in those modes) and the sparse path scale as
    /// Standard does. Valid in every mode.</summary>
    Auto = 2,
}
