namespace MLNet.Backprop;

/// <summary>How the feature vector's values enter the network's first layer (<see cref="BackpropTrainer.Options.NumericEncoding"/>).</summary>
/// <remarks>The codes are stored nowhere (a model stores its input parts); still, append new values, never renumber.</remarks>
public enum NumericEncoding
{
    /// <summary>Each value as it is (standardised while training when <see cref="BackpropTrainer.Options.StandardizeFeatures"/>
    /// is set): one row of the first layer's weights per feature. What <see cref="Auto"/> resolves to off the in-memory
    /// dense path, and the default before 1.1.</summary>
    None = 0,

    /// <summary>Piecewise-linear encoding on quantile bins (Gorishniy et al. 2022, "On Embeddings for Numerical Features in
    /// Tabular Deep Learning", the PLE + MLP variant): feature j's training values give bin edges b₀ &lt; … &lt; b_T (its
    /// quantiles at 0, 1/T, …, 1, T = <see cref="BackpropTrainer.Options.NumericBins"/>, equal edges merged; or, with
    /// <see cref="NumericBinning.Supervised"/>, the thresholds of a tree on the label), and a value
    /// x enters as T values clamp((x − b_{t−1}) / (b_t − b_{t−1}), 0, 1): 1 for the bins below x, x's place in its own
    /// bin, 0 above. The first layer has a row of weights per bin, so each feature gets a piecewise-linear response of
    /// its own before the first activation. The edges are stored in the model; the features are not standardised (the
    /// encoding does not depend on their scale). A feature with one value on the training rows has no bin and no effect;
    /// when every feature is so, <c>Fit</c> refuses the encoding (an <see cref="System.InvalidOperationException"/>).</summary>
    PiecewiseLinear = 1,

    /// <summary>Periodic embeddings with a linear layer and ReLU (Gorishniy et al. 2022, the PLR + MLP variant): feature j's
    /// standardised value x enters as v = [sin(2π c_j1 x), …, sin(2π c_jk x), cos(2π c_j1 x), …, cos(2π c_jk x)] with k =
    /// <see cref="BackpropTrainer.Options.PeriodicFrequencies"/> learned frequencies c_j (drawn from N(0, σ²), σ =
    /// <see cref="BackpropTrainer.Options.PeriodicScale"/>), then ReLU(v·L_j + B_j) with the feature's own learned linear
    /// layer of 2k inputs and 8 outputs: 8 values per feature, each with its own row of the first layer's weights. All of it
    /// is trained with the rest of the network (same optimizer; L2 applies to L_j, not to c_j or B_j) and stored in the
    /// model, with the standardisation the features were trained with. Only numeric slots are embedded: a slot of the
    /// feature vector with at most two distinct finite values among the rows given to <c>Fit</c> (streamed: among a sample of
    /// at most 200,000 of them, every row when there are no more; a one-hot indicator, a
    /// binary column, a constant) enters as the default encoding treats it, standardised, with its own single row of the
    /// first layer's weights (the standardisation folded into them after training); every other slot is embedded. Which
    /// slots are embedded is stored in the model; with none (every slot an indicator) the network is the default one.</summary>
    Periodic = 2,

    /// <summary>Both encodings of each feature side by side (<see cref="PiecewiseLinear"/> and <see cref="Periodic"/>): the
    /// feature vector enters the first layer once piecewise-linearly encoded on its bins (raw values; <see cref="BackpropTrainer.Options.NumericBins"/>
    /// and <see cref="BackpropTrainer.Options.NumericBinning"/> apply) and once as periodic embeddings of its standardised
    /// values (<see cref="BackpropTrainer.Options.PeriodicFrequencies"/> and <see cref="BackpropTrainer.Options.PeriodicScale"/> apply),
    /// each through its own rows of the first layer's weights, which add the two contributions. The bins see each
    /// feature's raw order (thresholds, as trees do), the embeddings its standardised scale. The periodic part's
    /// standardisation is stored in it (its pass-through slots, the indicators and binary columns, enter as they are:
    /// the encoding gives them their own bin too). On the dense path, in every mode, as <see cref="Periodic"/>.
    /// With <see cref="BackpropTrainer.Options.NumericScaling"/> RobustSmoothClip the periodic part reads the clipped values
    /// (the bins the raw ones); with <see cref="BackpropTrainer.Options.LearnFeatureScales"/> each part's values are scaled.
    /// What <see cref="Auto"/> resolves to on the dense path, with its own bins.</summary>
    PiecewiseLinearAndPeriodic = 3,

    /// <summary>The default: the measured best input stage where it can train, the plain one elsewhere, resolved by each
    /// <c>Fit</c> after it has counted the rows. In every mode (in the micro-batch and cluster modes with
    /// <see cref="BackpropTrainer.Options.StandardizeFeatures"/> on) with the first layer reading the features dense
    /// (the sparse path is decided first, by <see cref="BackpropTrainer.Options.SparseInput"/> or the automatic density rule,
    /// which this value leaves on): the composition that met every target of issue 25 in one 17-set run (docs:
    /// src/docs/articles/numeric-encodings.md, "On a quiet machine: the composition meets every issue-25 target in one
    /// run"), <see cref="PiecewiseLinearAndPeriodic"/>
    /// on 32 target-aware bins per feature (<see cref="NumericBinning.Supervised"/>), with the learned scales after both
    /// parts (as <see cref="BackpropTrainer.Options.LearnFeatureScales"/> = true) and, when
    /// <see cref="BackpropTrainer.Options.NumericScaling"/> is <see cref="NumericScaling.Auto"/>, the robust scaling and clip
    /// (<see cref="NumericScaling.RobustSmoothClip"/>) before the periodic part. Its bins are its own:
    /// <see cref="BackpropTrainer.Options.NumericBins"/> and <see cref="BackpropTrainer.Options.NumericBinning"/> apply to an
    /// explicit <see cref="PiecewiseLinear"/> or <see cref="PiecewiseLinearAndPeriodic"/> only (a NumericBinning other than
    /// Quantile with Auto is refused, naming both options); to tune the bins, name the encoding. Where the explicit
    /// encoding would refuse a fit, this one falls back: features that give no bin (each constant) keep the periodic part
    /// alone, and when every row is held out by some network of an ensemble the bins are the rows' quantiles. Streamed, its
    /// bins, embedded slots and robust scaling are learnt from a sample of at most 200,000 rows (every row when there are
    /// no more: the in-memory stage), drawn in one pass of its own after the counting pass; on a cluster from the sample
    /// the coordinator reads from the shards. On the sparse path, and in the micro-batch and cluster modes with
    /// StandardizeFeatures = false (the features as given): <see cref="None"/>. Valid in every mode.</summary>
    Auto = 4,
}
