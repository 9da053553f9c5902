namespace MLNet.Backprop.Experiments;

/// <summary>How <see cref="BackpropTuner"/> spends its folds.</summary>
public enum TuningStrategy
{
    /// <summary>Every trial is cross-validated on every fold.</summary>
    RandomSearch,

    /// <summary>Successive halving over the folds: every trial is scored on the first fold, the better half (by mean
    /// score so far) goes on to the next fold, and so on; only the last survivors are scored on every fold. With 3 folds,
    /// n trials take about 1.75 n fits (n + n/2 + n/4) where <see cref="RandomSearch"/> takes 3 n: about 1.7 times as
    /// many trials for the same number of fits.</summary>
    SuccessiveHalving,
}
