namespace MLNet.Backprop;

/// <summary>How the bin edges of <see cref="NumericEncoding.PiecewiseLinear"/> are chosen
/// (<see cref="BackpropTrainer.Options.NumericBinning"/>), named after ML.NET's <c>NormalizeBinning</c> and
/// <c>NormalizeSupervisedBinning</c>.</summary>
/// <remarks>Streamed and on a cluster, "every row given to <c>Fit</c>" below is a sample of them: at most 200,000 rows
/// chosen by a hash of (seed, row index), every row when there are no more (then the edges are the in-memory fit's). The
/// codes are stored nowhere (a model stores the edges themselves); still, append new values, never renumber.</remarks>
public enum NumericBinning
{
    /// <summary>Each feature's quantiles over every row given to <c>Fit</c> (feature values only): T bins holding about
    /// equally many rows. The default.</summary>
    Quantile = 0,

    /// <summary>Target-aware bins (Gorishniy et al. 2022, "On Embeddings for Numerical Features in Tabular Deep
    /// Learning", the tree-based bins): per feature, a decision tree on that feature alone and the label, grown
    /// best-first to at most T leaves, and to at most G − 1 for a feature of G distinct values (G − 1 bins already
    /// express every function of it: a 0/1 column keeps one bin, the value itself); the edges are the feature's smallest value, the tree's split thresholds (midway
    /// between neighbouring distinct values) and its largest value. A split must leave at least min(64, max(1, ⌊n / (2T)⌋))
    /// of the tree's n rows on each side and lower the weighted impurity by at least 10⁻⁴ of the root's weight
    /// (classification: entropy of the classes, in bits; regression: squared error of the label standardised over those
    /// rows), so a feature unrelated to the label gets few bins, or one (its values scaled to [0, 1]). The tree learns from
    /// the rows that no network of the ensemble holds out for early stopping (all rows when <c>Fit</c> is given validation
    /// data), weighted by the example weights and, under <see cref="ClassWeighting.Balanced"/>, <see cref="ClassWeighting.SquareRoot"/>
    /// or <see cref="BackpropTrainer.Options.BalancedSampling"/>, by the class' share as training weighs it; the outer edges
    /// are the smallest and largest values of every row given to <c>Fit</c>, as for <see cref="Quantile"/>. When the
    /// networks' hold-outs together cover every row, <c>Fit</c> refuses this value (an
    /// <see cref="System.InvalidOperationException"/> naming the remedies); the automatic encoding takes quantile bins instead.</summary>
    Supervised = 1,
}
