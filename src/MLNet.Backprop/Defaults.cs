namespace MLNet.Backprop;

/// <summary>
/// Every default of the library, defined once: the trainer's <see cref="BackpropTrainer.Options"/>, the catalog
/// methods' parameters and the engine's internal settings all read them from here (the options' XML docs state them).
/// </summary>
internal static class Defaults
{
    public const string LabelColumnName = "Label";
    public const string FeatureColumnName = "Features";

    /// <summary>A new array each time: every options object owns its own.</summary>
    public static int[] HiddenLayers => [64, 32];
    public const Activation Activation = Backprop.Activation.Tanh;
    public const float LeakyReluSlope = 0.01f;
    public const float EluAlpha = 1f;
    public const WeightInitialization Initialization = WeightInitialization.Auto;
    public const float InitialBias = 0f;
    public const float Dropout = 0f;
    public const DropoutScheduleKind DropoutSchedule = DropoutScheduleKind.Constant;

    public const float HuberDelta = 1f;
    public const float FocalGamma = 2f;
    public const float MaxFocalGamma = 10f;
    public const OptimizerKind Optimizer = OptimizerKind.Adam;
    public const float LearningRate = 3e-3f;
    public const float Momentum = 0.9f;
    public const float Beta1 = 0.9f;
    public const float Beta2 = 0.999f;
    public const float Epsilon = 1e-8f;
    public const float RmsPropDecay = 0.9f;

    /// <summary>Decoupled weight decay of AdamW when none is set (Loshchilov &amp; Hutter; PyTorch's default); 0 for the other rules.</summary>
    public const float AdamWWeightDecay = 0.01f;
    public const LearningRateScheduleKind LearningRateSchedule = LearningRateScheduleKind.Constant;
    public const int ScheduleStepSize = 10;
    public const float ScheduleGamma = 0.5f;
    public const float MinimumLearningRate = 0f;
    public const int BatchSize = 64;

    public const float L2Regularization = 0f;

    /// <summary>Share of the training rows held out when early stopping is on and <c>Fit</c> gets no validation data
    /// (<see cref="BackpropTrainer.Options.ValidationFraction"/> null).</summary>
    public const float AutomaticValidationFraction = 0.1f;

    /// <summary>The fewest rows the automatic hold-out holds out: regression skips the hold-out when a tenth would be fewer;
    /// classification holds out this many instead, up to <see cref="MaximumAutomaticValidationFraction"/> of the rows.</summary>
    public const int MinimumValidationRows = 20;

    /// <summary>Classification, when a tenth of the training rows is fewer than <see cref="MinimumValidationRows"/>: the
    /// largest share the automatic hold-out may take to reach that many rows (so from 160 training rows on; below, none).
    /// Why a floor for classifiers: without a hold-out a small classifier trains its whole epoch budget and overfits into
    /// overconfident probabilities (glass, 171 training rows: ECE 0.2105 against L-BFGS's 0.1504 over 25 test folds); 20
    /// held-out rows that stop it early bring glass' ECE to 0.1369 and its log-loss from 1.10 to 0.76 (macro-accuracy 0.679 → 0.656), and on 9 other
    /// classification sets cut to 200 rows (160 training rows, the same 20-row hold-out) lowered the log-loss on 8 and
    /// the ECE on 7, with the AUC or macro-accuracy higher on 4 and lower on 5 (by at most 0.018). Why this cap: with
    /// 100 training rows (a fifth held out) or 80 (a quarter) the ECE still fell on 6 of the 9 but the multiclass sets'
    /// macro-accuracy fell by up to 0.11 (hpc), a larger loss than the 160-row cut's, so the floor stops at an eighth. A
    /// 32-row floor (a fifth of 160) ranked below 20 rows on 6 of the 9 (docs: src/docs/articles/probabilities.md, "The automatic hold-out
    /// floor for small classifiers").
    /// Regression keeps the tenth-or-nothing rule: a hold-out of 16–20 rows cost servo (134 training rows) 0.015 of R².</summary>
    public const float MaximumAutomaticValidationFraction = 0.125f;

    /// <summary>Automatic epoch count (<see cref="BackpropTrainer.Options.NumberOfEpochs"/> null): enough epochs for
    /// about this many mini-batch steps, between <see cref="MinimumEpochs"/> and <see cref="MaximumEpochs"/>.</summary>
    public const int StepBudget = 10_000;
    public const int MinimumEpochs = 20;
    public const int MaximumEpochs = 100;

    /// <summary>Automatic patience: this many epochs, or more when an epoch has few steps (at least
    /// <see cref="PatienceSteps"/> steps without improvement).</summary>
    public const int Patience = 10;
    public const int PatienceSteps = 100;

    public const bool StandardizeLabel = true;
    public const bool StandardizeFeatures = true;
    public const int EnsembleSize = 4;

    /// <summary>Automatic <see cref="BackpropTrainer.Options.SparseInput"/>: the first layer reads the features sparse
    /// when at most this share of the training rows' feature values are non-zero.</summary>
    public const double SparseInputDensity = 0.05;
    public const SparseUpdates SparseUpdates = Backprop.SparseUpdates.Lazy;

    /// <summary>The prior of an id-like embedding table (more keys than √rows) under the automatic
    /// <see cref="BackpropTrainer.Options.SparseUpdates"/>: L2 of this many rows ÷ the training rows on its every row, every
    /// step (with the table's narrower automatic width). InstEval's student, lecturer and department keys with the defaults,
    /// 3-fold CV on the training split: RMSE 1.2301 → 1.2081, better on every fold (LightGbm on one-hot ids 1.2381); 100 rows
    /// instead of 10: 1.2099. On every table, few-level columns too, it cost ames 0.004–0.008 R² (5-fold CV, seeds 0–2),
    /// hence id-like tables only; no few-level column of the suite's sets is id-like.</summary>
    public const double IdTablePriorRows = 10;

    /// <summary>The id-like tables' prior applies while their every-row steps update at most this share of the lazy step's
    /// work on the rule's widths in values (<see cref="Training.AutomaticSettings.IdTablePriorFits"/>: table values ≤ share ×
    /// batch rows × the weights of the network of the rule's widths). Measured (tests/MLNet.Backprop.Benchmarks --id-tables,
    /// user ids of n keys over 5n rows, items of n ÷ 10, 4 numbers, the defaults; network epoch time with the prior ÷ lazy
    /// steps on the rule's widths, the earlier default): n = 10,000 (share 0.017) 0.31–0.37×, 30,000 (0.029) 0.35×,
    /// 100,000 (0.072) 0.61–0.70×, 300,000 (0.17, near the bound) 1.50× (the whole fit 0.91–0.99×, test RMSE 0.27 against
    /// 0.48): the every-row steps' part grows with the share, so 0.2 keeps the prior's epochs within about 1.5× the earlier
    /// default's. InstEval's tables take 0.022 (it keeps the prior); 1,000,000 users over as many rows take 0.26 (lazy).</summary>
    public const double IdTablePriorStepShare = 0.2;

    /// <summary>Automatic <see cref="BackpropTrainer.Options.SparseUpdates"/>: <see cref="Backprop.SparseUpdates.CatchUp"/> on a
    /// sparse first layer whose training rows hold at least this many non-zero values on average, else
    /// <see cref="SparseUpdates"/>. Between the two sparse sets measured (docs: src/docs/articles/sparse-inputs.md, "Which update rule"): the
    /// reviews' n-grams, where dense semantics won on every seed, and InstEval's one-hot ids, where lazy updates won.</summary>
    public const int CatchUpNonZerosPerRow = 32;

    /// <summary>Automatic <see cref="BackpropTrainer.Options.SparseUpdates"/>: <see cref="Backprop.SparseUpdates.RowWise"/> when the
    /// optimizer's state per value of a sparse first layer (Adam's two moments: slots × units × 8 bytes) would exceed
    /// this many bytes (256 MB: 2²⁰ hashed slots × 64 units take 512 MB). Below it the state is affordable and the
    /// measured rules above apply; the sparse sets measured (sparse-inputs.md) lie far below it (the reviews' 177,833 slots × 64
    /// units: 91 MB).</summary>
    public const long RowWiseStateBytes = 256L << 20;

    /// <summary>Parameter values, gradients and per-value optimizer state of at least this many bytes are asked for on 2 MB
    /// pages (<c>Numerics.HugePages</c>): at 32 MB a matrix spans 8,192 small pages, several times what a core's TLB maps,
    /// so a sparse layer's random rows miss it; smaller arrays gain little and would waste up to 2 MB at each end.</summary>
    public const long HugePageBytes = 32L << 20;

    /// <summary>Automatic (<see cref="Backprop.NumericEncoding.Auto"/> and <see cref="Backprop.NumericScaling.Auto"/>): in memory
    /// on the dense path, the composition that met every issue-25 target in one quiet 17-set run (docs:
    /// src/docs/articles/numeric-encodings.md, "On a quiet machine: the composition meets every issue-25 target in one
    /// run"; commit bf2f130, 5-fold CV, fold seed 0): both
    /// encodings side by side (<see cref="AutoNumericEncoding"/>), the piecewise-linear part on <see cref="AutoNumericBins"/>
    /// target-aware bins per feature (<see cref="AutoNumericBinning"/>), the robust scaling and clip
    /// (<see cref="AutoNumericScaling"/>) and learned scales: mean rank 1.65 among the MLP, LightGbm (2.59), FastTree (2.47)
    /// and the linear trainer (3.29), ahead of LightGbm on 12 of 16 sets, no set more than 0.02 behind the best trainer
    /// (largest glass 0.013; the periodic stage it replaces: glass 0.053, hpc 0.039, shuttle 0.030 behind), fit at most
    /// 2.90× LightGbm's (shuttle), telco_churn 0.8477. The same composition in the micro-batch and cluster modes (with
    /// StandardizeFeatures on), measured there against <see cref="MicroBatchNumericScaling"/>'s plain stage (the quality
    /// tool, MicroBatchSize = 32, 5-fold, fold seeds 0–2, 2026-12-07): better on shuttle (macro-accuracy +0.205), hpc
    /// (+0.066), ionosphere (AUC +0.044), mlc_churn (AUC +0.026), boston_housing (R² +0.024), dna (+0.008), servo, ames and
    /// credit (+0.005 to +0.006), worse on letter (−0.008), cells (AUC −0.005), penguins (−0.003) and glass (−0.016 ± 0.019);
    /// fit 1.0–6× the plain stage's. Streamed, the same composition from a sample of the rows. The plain stage on the sparse path,
    /// where the composition cannot train (and in the micro-batch and cluster modes with StandardizeFeatures off).
    /// Its bins are its own: <see cref="NumericBins"/> and <see cref="NumericBinning"/> are those of an explicit
    /// piecewise-linear encoding.</summary>
    public const NumericEncoding NumericEncoding = Backprop.NumericEncoding.Auto;
    public const NumericScaling NumericScaling = Backprop.NumericScaling.Auto;
    public const NumericEncoding AutoNumericEncoding = Backprop.NumericEncoding.PiecewiseLinearAndPeriodic;
    public const NumericScaling AutoNumericScaling = Backprop.NumericScaling.RobustSmoothClip;

    /// <summary>Automatic scaling (<see cref="Backprop.NumericScaling.Auto"/>) in the micro-batch and cluster modes on the
    /// plain stage (an explicit <see cref="Backprop.NumericEncoding.None"/>; the automatic encoding is the composed stage
    /// there, <see cref="AutoNumericEncoding"/>): the robust scaling and clip, measured against the features as given and
    /// <see cref="Backprop.NumericScaling.Standard"/> on the 17 sets (tests/MLNet.Backprop.Quality, MicroBatchSize = 32, 5-fold,
    /// fold seeds 0–2): better than the features as given on 9 sets (ames R² +0.051, glass macro-accuracy +0.090, mlc_churn
    /// AUC +0.053, boston_housing R² +0.037, letter +0.028, servo +0.011, credit +0.008, dna and penguins log-loss), worse on
    /// shuttle (macro-accuracy −0.150, its rare classes), ionosphere (AUC −0.016), pima_diabetes (−0.008); Standard better on
    /// 5 and worse on 4 (ames −0.018, cells −0.013: where the quality tool's featurizer has scaled the features, Standard
    /// only centres them).</summary>
    public const NumericScaling MicroBatchNumericScaling = Backprop.NumericScaling.RobustSmoothClip;
    public const NumericBinning AutoNumericBinning = Backprop.NumericBinning.Supervised;
    public const int AutoNumericBins = 32;
    public const int NumericBins = 16;
    public const NumericBinning NumericBinning = Backprop.NumericBinning.Quantile;
    public const int PeriodicFrequencies = 16;
    public const float PeriodicScale = 0.1f;

    /// <summary>d, the values per feature of <see cref="NumericEncoding.Periodic"/> (its per-feature linear layer's outputs):
    /// fixed rather than an option. The reference's 24 would make the first layer 24× the features wide, which every one-hot
    /// slot of the suite's featurizer pays for too; 8 keeps it 8×.</summary>
    public const int PeriodicWidth = 8;

    /// <summary>The hidden layers' activation on the sparse path when <see cref="BackpropTrainer.Options.Activation"/> is not
    /// set: ReLU ranked ahead of Tanh on the wide sparse sets (insteval RMSE 1.2019/1.2009 against 1.2077/1.2076, fine_foods
    /// AUC 0.8614/0.8567 against 0.8599/0.8582, seeds 0/1; tests/MLNet.Backprop.Quality --sets sparse).</summary>
    public const Activation SparseActivation = Backprop.Activation.ReLU;
    public const EarlyStoppingMetric EarlyStoppingMetric = Backprop.EarlyStoppingMetric.Loss;
    public const float EarlyStoppingMinDelta = 0f;
    public const bool RestoreBestWeights = true;
    public const ClassWeighting ClassWeighting = Backprop.ClassWeighting.None;

    /// <summary>Probabilities rescaled on the hold-out under class weighting, and for an unweighted binary classifier whose
    /// networks' pooled hold-outs hold at least 100 rows; otherwise as trained (measured: docs: src/docs/articles/probabilities.md, "How Auto was chosen" and "Platt for
    /// the unweighted binary default").</summary>
    public const ProbabilityCalibration Calibration = ProbabilityCalibration.Auto;
    public const DataLoading DataLoading = Backprop.DataLoading.InMemory;
    public const int StreamingBlockSize = 8192;
    public const DivergenceBehavior OnDivergence = DivergenceBehavior.Throw;
    public const bool RecordDiagnostics = true;

    /// <summary>The decoupled weight decay a rule uses when <see cref="BackpropTrainer.Options.WeightDecay"/> is null.</summary>
    public static float WeightDecayOf(OptimizerKind optimizer) => optimizer == OptimizerKind.AdamW ? AdamWWeightDecay : 0f;
}
