namespace MLNet.Backprop.Experiments;

/// <summary>How <see cref="BackpropTuner"/> spends its folds.</summary>
public enum TuningStrategy
{
    /// <summary>Every trial is cross-validated on every fold.</summary>
    RandomSearch,

    /// <summary>Successive halving over the folds: every trial is scored on the first fold, the better half (by mean
    /// score so far) goes on to the next fold, and so on; only the last survivors are scored on every fold. About
    /// twice as many trials for the same number of fits as <see cref="RandomSearch"/> with 3 folds.</summary>
    SuccessiveHalving,
}
