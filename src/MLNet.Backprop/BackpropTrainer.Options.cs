using MLNet.Backprop.Network;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    /// <summary>
    /// Everything that configures a <see cref="BackpropTrainer"/>. Each option states its default and valid range;
    /// invalid values are rejected by the trainer's constructor with an <see cref="ArgumentOutOfRangeException"/>
    /// naming the option and the value (an <see cref="ArgumentException"/> for an empty, repeated or unknown column name, an
    /// <see cref="ArgumentNullException"/> for a null array or dictionary). Combinations that depend on the data or the
    /// task (a loss or an early-stopping metric the task has no use for, <see cref="BalancedSampling"/> for regression,
    /// <see cref="ProbabilityCalibration.Isotonic"/> for multiclass, a network too large for memory) are refused by
    /// <c>Fit</c>, with the same exception naming the option (see each option).
    /// </summary>
    /// <remarks>
    /// <para>The trainer takes a copy of the options when it is created: changing this object afterwards does not
    /// change that trainer.</para>
    /// <para>The defaults were chosen by their mean rank on 16 real data sets (tests/MLNet.Backprop.Quality). Left at
    /// their defaults, <see cref="NumberOfEpochs"/>, <see cref="ValidationFraction"/> and
    /// <see cref="EarlyStoppingPatience"/> are automatic (null): the trainer holds out a stratified tenth of the rows
    /// (unless <c>Fit</c> gets validation data; fewer rows: see <see cref="ValidationFraction"/>), trains for at most
    /// enough epochs for about 10,000 mini-batch steps (20 to 100 epochs) and stops once the validation loss has not
    /// improved for 10 epochs or 100 steps (whichever is more), keeping the best epoch's weights. It standardises the
    /// label (regression); on the dense path, in every mode, it feeds the features through the automatic input stage
    /// (<see cref="NumericEncoding"/>: a robust scaling and clip, both numeric encodings on 32 target-aware bins per
    /// feature and learned scales; not on the sparse path, <see cref="SparseInput"/>, which takes them as given); it
    /// averages 4 networks (in memory or streamed) and calibrates a classifier's
    /// probabilities (<see cref="Calibration"/>). A value you set always wins: your validation data replaces the
    /// hold-out, a number of epochs is trained in full, and so on.</para>
    /// </remarks>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// var options = new BackpropTrainer.Options
    /// {
    ///     LabelColumnName = "Churn",
    ///     HiddenLayers = [64],
    ///     Activation = Activation.Tanh,
    ///     LearningRate = 6.45e-4f,
    ///     L2Regularization = 1e-2f,
    ///     Dropout = 0.3f,
    ///     BatchSize = 64,
    ///     ClassWeighting = ClassWeighting.Balanced,
    ///     EarlyStoppingMetric = EarlyStoppingMetric.Auc,
    ///     Seed = 0,                      // bit-identical results for any thread count
    ///     // Left null, NumberOfEpochs, ValidationFraction and EarlyStoppingPatience are automatic.
    /// };
    /// var trainer = new BackpropTrainer(ml, options);   // checks every value: a wrong one throws naming the option
    /// BackpropTransformer model = trainer.Fit(trainData);
    /// var history = model.Model.History;
    /// Console.WriteLine($"{history.StopReason} after {history.Epochs.Count} epochs, kept epoch {history.BestEpoch}");
    /// ]]></code>
    /// </example>
    public sealed partial class Options
    {
        /// <summary>The label column. Default "Label". Boolean (binary), key (multiclass) or Single (regression).</summary>
        public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

        /// <summary>The feature column: a known-size vector of Single. Default "Features". With
        /// <see cref="CategoricalColumnNames"/> set, a data view without this column trains a model of the categorical
        /// columns alone.</summary>
        public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

        /// <summary>Categorical columns, each a key (e.g. from <c>MapValueToKey</c>) looked up in a learned table of its own
        /// (an entity embedding: one vector per key value, and one for a missing key or a key the model never saw), the
        /// vectors entering the first layer beside the feature vector. Default empty. Each column must be a key of known
        /// cardinality (at most 1,048,576 values), named once, not the label column, and not also inside the feature vector. The table's width
        /// is automatic (<see cref="EmbeddingWidths"/>); a mini-batch updates its keys' rows (<see cref="SparseUpdates"/>;
        /// under its automatic choice and with Adam, AdamW or RmsProp an id-like column, of more keys than √(training rows),
        /// gets a prior on every row instead, in memory and streamed up to a size: see <see cref="SparseUpdates"/>);
        /// the missing-key row, when no training row trains it, becomes the mean of the others. With these columns the
        /// feature column may be left out (a model of the ids alone).</summary>
        public string[] CategoricalColumnNames { get; set; } = [];

        /// <summary>The width of a categorical column's table, by column name, overriding the automatic width
        /// min(600, round(1.6·n^0.56)) for a column of n key values (fast.ai's rule, e.g. 14 values → 7, 1,128 → 82), and for an
        /// id-like column (n² greater than the training rows r) under the automatic <see cref="SparseUpdates"/> (with Adam,
        /// AdamW or RmsProp) at most
        /// round(√(r ÷ n)), at least 1 (InstEval's 2,972 students over 66,079 rows: 5, not 141), when its prior applies
        /// (always in the micro-batch and cluster modes; in memory and streamed within the tables' size bound of
        /// <see cref="SparseUpdates"/>).
        /// n is the key type's count (the values <c>MapValueToKey</c> saw); the table's extra row for a missing or unseen
        /// key is not counted (14 values: 15 rows of width 7; fast.ai counts its "#na#" class, which differs where the
        /// rounding steps: 15 values give 7 here, 8 there). Default empty (every width automatic); each width in
        /// [1, 1024] and each name one of <see cref="CategoricalColumnNames"/>.</summary>
        public Dictionary<string, int> EmbeddingWidths { get; set; } = [];

        /// <summary>A factor on every automatic table width (the columns <see cref="EmbeddingWidths"/> does not name):
        /// the width becomes round(scale × the automatic width (see <see cref="EmbeddingWidths"/>)), at least 1 and at most 1024, so that one number
        /// widens or narrows every table (what <c>BackpropTuner</c> searches). Default 1 (the rule as it is); in
        /// [0.05, 16]. Widths set in <see cref="EmbeddingWidths"/> are used as given.</summary>
        public float EmbeddingWidthScale { get; set; } = 1f;

        /// <summary>Optional per-example weight column (Single, finite, in [0, 1e30]: a larger weight overflows a
        /// mini-batch's float sum, so <c>Fit</c> refuses it naming the column and the row). Default null (all 1).</summary>
        public string? ExampleWeightColumnName { get; set; }

        /// <summary>The task. Default <see cref="BackpropTask.Auto"/>: inferred from the label type. The catalog methods set it.</summary>
        public BackpropTask Task { get; set; } = BackpropTask.Auto;

        /// <summary>Units per hidden layer, input side first. Default { 64, 32 } (measured against { 128 }, { 256 },
        /// { 128, 64 }, { 256, 128 } and { 256, 256, 256 }: as good on average, and faster); each ≥ 1; empty for a linear model.</summary>
        public int[] HiddenLayers { get; set; } = Defaults.HiddenLayers;

        /// <summary>Hidden-layer activation. Default <see cref="Backprop.Activation.Tanh"/> (the best mean rank on the
        /// benchmark suite, ahead of ELU, ReLU, LeakyReLU and GELU); on the sparse path (<see cref="SparseInput"/>)
        /// <see cref="Backprop.Activation.ReLU"/> unless this property is set (measured on the text and id sets: as good
        /// on the text, better on the ids).</summary>
        public Activation Activation
        {
            get => _activation;
            set
            {
                _activation = value;
                ActivationIsSet = true;
            }
        }

        private Activation _activation = Defaults.Activation;

        /// <summary>Whether <see cref="Activation"/> was set (the sparse path otherwise takes its own default).</summary>
        internal bool ActivationIsSet { get; private set; }

        /// <summary>Keeps a sparse first layer's weight gradient dense (every slot's row) where it would be compact (the
        /// touched rows only): for the tests that show both give the same bits.</summary>
        internal bool DenseSparseGradient { get; set; }

        /// <summary>Negative-side slope of LeakyReLU. Default 0.01; range [0, 1).</summary>
        public float LeakyReluSlope { get; set; } = Defaults.LeakyReluSlope;

        /// <summary>α of ELU. Default 1; finite, &gt; 0.</summary>
        public float EluAlpha { get; set; } = Defaults.EluAlpha;

        /// <summary>Initial weight distribution. Default <see cref="WeightInitialization.Auto"/> (He normal for ReLU, LeakyReLU,
        /// ELU and GELU, Glorot uniform for Tanh, Sigmoid and Identity).</summary>
        public WeightInitialization Initialization { get; set; } = Defaults.Initialization;

        /// <summary>Initial hidden-layer bias. Default 0; finite.</summary>
        public float InitialBias { get; set; } = Defaults.InitialBias;

        /// <summary>The loss, or null for the task's natural one (binary cross-entropy, softmax cross-entropy, mean
        /// squared error). Regression may use <see cref="LossFunction.Huber"/>, binary classification
        /// <see cref="LossFunction.BinaryFocal"/>, multiclass <see cref="LossFunction.SoftmaxFocal"/>; <c>Fit</c> refuses a loss
        /// of another task (an <see cref="ArgumentOutOfRangeException"/> naming this option). Default null.</summary>
        public LossFunction? Loss { get; set; }

        /// <summary>δ of the Huber loss. Default 1; finite, &gt; 0. <c>Fit</c> refuses another value when <see cref="Loss"/>
        /// (or its automatic choice) is not <see cref="LossFunction.Huber"/>, naming this option.</summary>
        public float HuberDelta { get; set; } = Defaults.HuberDelta;

        /// <summary>γ of the focal losses (<see cref="LossFunction.BinaryFocal"/>, <see cref="LossFunction.SoftmaxFocal"/>):
        /// how much the rows already predicted well are down-weighted; 0 is cross-entropy. Default 2 (Lin et al. 2017);
        /// finite, in [0, 10]. The paper's α is the class weight (<see cref="ClassWeighting"/>). <c>Fit</c> refuses a value
        /// other than the default when <see cref="Loss"/> (or its automatic choice) is not a focal loss, naming this option.</summary>
        public float FocalGamma { get; set; } = Defaults.FocalGamma;

        /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/>.</summary>
        public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;

        /// <summary>Base learning rate η. Default 3e-3 (measured against 1e-3 and 3e-4); finite, &gt; 0.</summary>
        public float LearningRate { get; set; } = Defaults.LearningRate;

        /// <summary>Momentum μ of Momentum and Nesterov. Default 0.9; range [0, 1).</summary>
        public float Momentum { get; set; } = Defaults.Momentum;

        /// <summary>β1 of Adam/AdamW. Default 0.9; range [0, 1).</summary>
        public float Beta1 { get; set; } = Defaults.Beta1;

        /// <summary>β2 of Adam/AdamW. Default 0.999; range [0, 1).</summary>
        public float Beta2 { get; set; } = Defaults.Beta2;

        /// <summary>ε of Adagrad, RMSprop, Adam and AdamW. Default 1e-8; finite, &gt; 0.</summary>
        public float Epsilon { get; set; } = Defaults.Epsilon;

        /// <summary>Decay ρ of RMSprop's squared-gradient average. Default 0.9; range [0, 1).</summary>
        public float RmsPropDecay { get; set; } = Defaults.RmsPropDecay;

        /// <summary>Decoupled weight decay λ (w ← w − η·λ·w each step, weights only). Default null: 0.01 for AdamW, 0 otherwise; finite, ≥ 0,
        /// and λ × <see cref="LearningRate"/> at most 1: each step multiplies the weights by 1 − η·λ, which beyond that flips their
        /// sign instead of shrinking them (and beyond 2 grows them), so a larger product is refused when the trainer is created.</summary>
        public float? WeightDecay { get; set; }

        /// <summary>Learning-rate schedule over epochs. Default <see cref="LearningRateScheduleKind.Constant"/>.</summary>
        public LearningRateScheduleKind LearningRateSchedule { get; set; } = Defaults.LearningRateSchedule;

        /// <summary>Epochs between step decays. Default 10; ≥ 1.</summary>
        public int ScheduleStepSize { get; set; } = Defaults.ScheduleStepSize;

        /// <summary>Decay factor γ of step and exponential schedules. Default 0.5; range (0, 1].</summary>
        public float ScheduleGamma { get; set; } = Defaults.ScheduleGamma;

        /// <summary>Final learning rate of the cosine schedule, and the rate at the ends of <see cref="LearningRateScheduleKind.CosLog4"/>'s
        /// cycles. Default 0; range [0, LearningRate].</summary>
        public float MinimumLearningRate { get; set; } = Defaults.MinimumLearningRate;

        /// <summary>Examples per mini-batch. Default 64 (measured against 32, 128 and 256); ≥ 1.</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>Passes over the training data. Default null (automatic): at most enough epochs for about 10,000
        /// mini-batch steps, but between 20 and 100 epochs (e.g. 100 epochs for 5,000 rows at batch size 64, 20 for
        /// 100,000), with early stopping (see <see cref="EarlyStoppingPatience"/>). A number trains exactly that many
        /// epochs, unless <see cref="EarlyStoppingPatience"/> is set too; ≥ 1.</summary>
        public int? NumberOfEpochs { get; set; }

        /// <summary>L2 penalty λ added to weight gradients (λ·w). Default 0; finite, ≥ 0.</summary>
        public float L2Regularization { get; set; } = Defaults.L2Regularization;

        /// <summary>Dropout rate after each hidden layer, training only. Default 0; range [0, 1).</summary>
        public float Dropout { get; set; } = Defaults.Dropout;

        /// <summary>How the dropout rate changes over the epochs: <see cref="DropoutScheduleKind.Constant"/> (the default) or
        /// <see cref="DropoutScheduleKind.FlatCosine"/> (RealMLP's: the full <see cref="Dropout"/> for the first half of
        /// the epochs, then down to 0 along half a cosine). No effect without <see cref="Dropout"/>. Refused with
        /// <see cref="MicroBatchSize"/> (the micro-batch and cluster modes draw their masks on the workers at the set rate).</summary>
        public DropoutScheduleKind DropoutSchedule { get; set; } = Defaults.DropoutSchedule;

        /// <summary>Clip the global gradient norm to this value. Default null (off); finite, &gt; 0.</summary>
        public float? GradientClipNorm { get; set; }

        /// <summary>Clamp each gradient value to [−c, c]. Default null (off); finite, &gt; 0.</summary>
        public float? GradientClipValue { get; set; }

        /// <summary>Rows per micro-batch of the micro-batch mode, or null (default) for the default training loop. In the
        /// micro-batch mode each mini-batch is cut into micro-batches of this many rows whose gradient sums are added in
        /// a fixed binary tree, and the row order and dropout masks are counter-based functions of the seed: the result
        /// is bit-identical whatever the number of threads, and equal to a distributed run on any number of machines
        /// (MLNet.Backprop.Distributed) with the same options. It trains differently from the default loop (other
        /// rounding, other random draws), so results differ from it in the last bits. Range [1, BatchSize]; needs
        /// <see cref="Backprop.DataLoading.InMemory"/>. Threads then split the micro-batches of a step instead of the
        /// matrix products. The mode trains what a cluster can: one network by default, or, when <see cref="EnsembleSize"/>
        /// is set (to any value, 4 included), that many networks one after another, each with every thread, its own seed
        /// and its own hold-out, averaged as in memory (measured: the in-memory defaults' quality, at 2–5× the one network's
        /// fit time); its plain stage's features are robustly scaled and clipped by default (<see cref="NumericScaling"/>), or
        /// standardised (<see cref="NumericScaling.Standard"/>), or taken as given (<see cref="StandardizeFeatures"/> = false);
        /// <see cref="StandardizeLabel"/> applies, as in memory (μ and σ of all the rows given to <c>Fit</c>, a cluster's from
        /// its shards' manifest). The automatic hold-out and early stopping do, as in memory, with the hold-out drawn row by row from the
        /// seed instead of stratified (<see cref="ValidationFraction"/>), so that a cluster holds out the same rows. The
        /// embedding tables of <see cref="CategoricalColumnNames"/> are reduced with the other weights, and every table
        /// row is updated every step (<see cref="SparseUpdates"/> does not
        /// apply: the reduced gradient is dense).</summary>
        public int? MicroBatchSize { get; set; }

        /// <summary>Seed of initialisation, shuffling, dropout and the validation split. Default null: drawn from the
        /// <c>MLContext</c>'s seed; ≥ 0 when set.</summary>
        public int? Seed { get; set; }

        /// <summary>Threads for the matrix products, or for the networks of an ensemble (one each, side by side); 0 means
        /// all cores. The result is bit-identical for any value. Default 0; ≥ 0.</summary>
        public int NumberOfThreads { get; set; }

        /// <summary>Share of the training rows held out (stratified by class for classification; with
        /// <see cref="MicroBatchSize"/>, in the micro-batch and cluster modes, drawn row by row from the seed, so about
        /// that share and the same rows whatever the worker count) for validation and early stopping when <c>Fit</c> gets
        /// no validation data. Default null (automatic), when early stopping is on, <c>Fit</c> gets no validation data and
        /// the rows are in memory, streamed or in a cluster's shards: 0.1 when that holds out at least 20 rows (from 200
        /// rows on); below, regression holds out nothing (the automatic epochs are trained in full) and classification
        /// holds out 20 rows while they are at most an eighth of the rows (from 160 rows on; glass' 171 rows: 0.117), so a
        /// small classifier still stops early rather than overfit into overconfident probabilities; otherwise 0. Each
        /// network of an ensemble holds out different rows. A number holds out exactly that share (0: none, which also
        /// turns automatic early stopping off); range [0, 0.5]. With <see cref="DataLoading.Streaming"/> each row is held
        /// out by a draw on its position (about the share, not stratified), the same rows every epoch; the held-out rows
        /// are read once and kept in memory, the automatic share capped at about 64 MB of them per network.</summary>
        public float? ValidationFraction { get; set; }

        /// <summary>Stop after this many epochs without improvement of the watched metric (on the validation data, or
        /// the training loss without any), keeping the best epoch's weights when <see cref="RestoreBestWeights"/>.
        /// Default null (automatic): with an automatic <see cref="NumberOfEpochs"/> and validation data (<c>Fit</c>'s
        /// or the automatic hold-out), 10 epochs or as many as make 100 mini-batch steps, whichever is more; otherwise
        /// off. A number turns early stopping on with that patience (and the automatic hold-out, if <c>Fit</c> gets no
        /// validation data); ≥ 1.</summary>
        public int? EarlyStoppingPatience { get; set; }

        /// <summary>What early stopping watches on the validation data. Default <see cref="Backprop.EarlyStoppingMetric.Loss"/>.
        /// <see cref="Backprop.EarlyStoppingMetric.Auc"/> applies to binary classification only and
        /// <see cref="Backprop.EarlyStoppingMetric.Accuracy"/> to classification only, and both need validation rows when
        /// <see cref="EarlyStoppingPatience"/> is set: <c>Fit</c> refuses them otherwise (an
        /// <see cref="ArgumentOutOfRangeException"/> naming this option). On validation rows of one class the AUC is
        /// undefined and the validation loss is watched instead (with a warning).</summary>
        public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = Defaults.EarlyStoppingMetric;

        /// <summary>Smallest change of the watched metric that counts as an improvement. Default 0; finite, ≥ 0.</summary>
        public float EarlyStoppingMinDelta { get; set; } = Defaults.EarlyStoppingMinDelta;

        /// <summary>With early stopping, keep the best epoch's weights. Default true.</summary>
        public bool RestoreBestWeights { get; set; } = Defaults.RestoreBestWeights;

        /// <summary>Regression: train on the label standardised with the weighted mean μ and standard deviation σ of
        /// the training rows (all rows given to <c>Fit</c> as training data, the hold-out included), and store both in
        /// the model (<see cref="BackpropModel.TargetOffset"/>, <see cref="BackpropModel.TargetScale"/>) so that scores
        /// are in the label's units: score = network output × σ + μ. Training and validation losses (history, progress)
        /// are then in standardised units: squared error ÷ σ² (1 is the loss of predicting the mean), and
        /// <see cref="HuberDelta"/> is in σ units. Default true (without it, a label in the hundreds or beyond needs far
        /// more steps than the epoch budget gives); ignored for classification.</summary>
        public bool StandardizeLabel { get; set; } = Defaults.StandardizeLabel;

        /// <summary>Train on features standardised with the mean and standard deviation of the training rows, then fold
        /// that affine map into the first layer's weights and biases: scoring costs nothing extra and the model takes
        /// the features as the pipeline gives them. A mean within 1e-3 of 0 is not subtracted and a deviation within
        /// 1e-3 of 1 (or a constant column) is not divided by, so after a centring normaliser
        /// (<c>NormalizeMeanVariance(fixZero: false)</c>) it changes nothing; after ML.NET's default
        /// <c>NormalizeMeanVariance</c> (scaled, not centred) it centres. Folding adds float rounding that grows with a
        /// column's |mean| ÷ deviation. Default true (measured: centring helps most benchmark sets). Ignored where the
        /// features are robustly scaled (<see cref="NumericScaling.RobustSmoothClip"/>, which the default
        /// <see cref="NumericEncoding.Auto"/> stage uses on the dense path in every mode, so that with the defaults it applies
        /// to no dense fit), piecewise-linearly encoded alone (<see cref="NumericEncoding.PiecewiseLinear"/>; with
        /// PiecewiseLinearAndPeriodic it standardises the periodic part's input), and on the sparse
        /// path (<see cref="SparseInput"/>): a sparse block is used as it comes, neither centred (it would become dense)
        /// nor scaled (measured: dividing rare n-grams and ids by their tiny deviations did not help the text set and hurt
        /// the id set); the diagnosis warns when its non-zero values differ widely in size. In the micro-batch and cluster
        /// modes (<see cref="MicroBatchSize"/>) false takes the features as given: no map, and <see cref="NumericEncoding.Auto"/>
        /// then resolves to <see cref="NumericEncoding.None"/>.</summary>
        public bool StandardizeFeatures { get; set; } = Defaults.StandardizeFeatures;

        /// <summary>How the feature vector's values enter the first layer. Default <see cref="NumericEncoding.Auto"/>: both
        /// encodings side by side on 32 target-aware bins per feature (<see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>,
        /// <see cref="NumericBinning.Supervised"/>; the measured best, docs: src/docs/articles/numeric-encodings.md,
        /// "On a quiet machine: the composition meets every issue-25 target in one run") with learned scales, after the
        /// robust scaling when <see cref="NumericScaling"/>
        /// is Auto too, when the fit trains in memory or streamed and the first layer reads the features dense; its bins are its own, not
        /// <see cref="NumericBins"/> and <see cref="NumericBinning"/>, which apply to an explicit piecewise-linear encoding
        /// only; <see cref="NumericEncoding.None"/>
        /// otherwise (micro-batch and cluster fits, the sparse path); it leaves the automatic sparse path on and is
        /// valid in every mode. The explicit values: as they are (<see cref="NumericEncoding.None"/>)
        /// or piecewise-linearly encoded on quantile (or, <see cref="NumericBinning"/>, target-aware) bins of the training rows
        /// (<see cref="NumericEncoding.PiecewiseLinear"/>: <see cref="NumericBins"/> values per feature, each with its own row
        /// of the first layer's weights; the features are then not standardised) or as periodic embeddings
        /// (<see cref="NumericEncoding.Periodic"/>: <see cref="PeriodicFrequencies"/> and <see cref="PeriodicScale"/>), or both side by side
        /// (<see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>: every option of both applies). The explicit encodings need
        /// the dense path: the trainer refuses them (an <see cref="ArgumentOutOfRangeException"/> naming this option and the
        /// other) with <see cref="SparseInput"/> = true, and with one the automatic sparse path is not taken. PiecewiseLinear
        /// trains in every mode: streamed (<see cref="DataLoading.Streaming"/>) and on a cluster its edges come from a sample
        /// of at most 200,000 rows chosen by (seed, row index), every row when there are no more, so that the edges are then
        /// those of the in-memory fit. Periodic and PiecewiseLinearAndPeriodic train in every mode too (the embedded
        /// features chosen on the rows in memory, or streamed and on a cluster on that same sample).</summary>
        public NumericEncoding NumericEncoding { get; set; } = Defaults.NumericEncoding;

        /// <summary>With <see cref="NumericEncoding.PiecewiseLinear"/> (or <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>): bins per feature, T, the edges being the training
        /// rows' quantiles at 0, 1/T, …, 1 (equal edges merged, so a feature with few distinct values gets fewer bins, a
        /// constant one none), or with <see cref="NumericBinning.Supervised"/> the most leaves of each feature's tree. The
        /// first layer then has up to T rows of weights per feature. Default 16; in [2, 256]; ignored with
        /// <see cref="NumericEncoding.None"/>, <see cref="NumericEncoding.Periodic"/> and <see cref="NumericEncoding.Auto"/>
        /// (whose own bins are 32 target-aware ones: name the encoding to choose T).</summary>
        public int NumericBins { get; set; } = Defaults.NumericBins;

        /// <summary>With <see cref="NumericEncoding.PiecewiseLinear"/> (or <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>): how the bin edges are chosen.
        /// <see cref="NumericBinning.Quantile"/> (the default): each feature's quantiles, bins of about equally many rows,
        /// from the feature values alone. <see cref="NumericBinning.Supervised"/>: target-aware bins, per feature the
        /// thresholds of a decision tree of at most <see cref="NumericBins"/> leaves on that feature and the label, learnt
        /// from the rows no network holds out for early stopping (see the enum value for the exact rule), so that narrow
        /// ranges where the label changes get their own bins. Either way only the edges are stored in the model. Any other
        /// value than Quantile needs <see cref="NumericEncoding.PiecewiseLinear"/> or PiecewiseLinearAndPeriodic (the trainer refuses it otherwise, naming
        /// both options). Ignored by <see cref="NumericEncoding.Auto"/>, whose bins are its own (Supervised, 32 per feature,
        /// on the dense path, in every mode).</summary>
        public NumericBinning NumericBinning { get; set; } = Defaults.NumericBinning;
        /// <summary>With <see cref="NumericEncoding.Periodic"/> (or <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>): k, the learned frequencies per embedded feature; each
        /// feature with more than two distinct finite values on the training rows enters as sin and cos of its k
        /// frequencies times the standardised value, mapped by the feature's own linear layer (2k → 8) and ReLU to 8
        /// values, each with its own row of the first layer's weights (the other slots, indicators, binary columns and
        /// constants, enter as they would without an encoding). Also used by the default <see cref="NumericEncoding.Auto"/> where it
        /// resolves to both encodings (on the dense path, in every mode). Default 16; in [1, 256]; ignored otherwise.</summary>
        public int PeriodicFrequencies { get; set; } = Defaults.PeriodicFrequencies;

        /// <summary>With <see cref="NumericEncoding.Periodic"/> (or <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>): σ, the standard deviation of the frequencies' initial
        /// draw N(0, σ²), in cycles per standard deviation of the (standardised) feature: small values start near a linear
        /// function of the feature, large ones with rapid oscillations. Also used by the default <see cref="NumericEncoding.Auto"/>
        /// where it resolves to both encodings. Default 0.1; in (0, 100]; ignored otherwise.</summary>
        public float PeriodicScale { get; set; } = Defaults.PeriodicScale;

        /// <summary>How the feature vector's values are scaled before the first layer. Default <see cref="NumericScaling.Auto"/>:
        /// RobustSmoothClip when <see cref="NumericEncoding"/> is Auto and resolves to its encoded stage (in memory or streamed, dense),
        /// and in the micro-batch and cluster modes (<see cref="MicroBatchSize"/>) on the dense path without an encoding
        /// unless <see cref="StandardizeFeatures"/> is false (the features are then taken as given there), Standard otherwise,
        /// so that with an explicit encoding the scaling is Standard's. The explicit values:
        /// <see cref="NumericScaling.Standard"/> (standardised as <see cref="StandardizeFeatures"/> says, folded into the weights) or
        /// <see cref="NumericScaling.RobustSmoothClip"/> (median and quartiles of the training rows, then a smooth clip to
        /// ±3; stored in the model; streamed, of the counting pass's sample of at most 200,000 rows, every row when there are
        /// no more). With <see cref="NumericEncoding.Periodic"/> the periodic part reads the clipped values
        /// instead of standardised ones (RealMLP's order: scaling and clip, then the embeddings). RobustSmoothClip needs the
        /// dense path (in memory; streamed, from the counting pass's sample; in the micro-batch mode from the rows in memory,
        /// on a cluster from the bin edges' sample of the shards): the trainer refuses it (an <see cref="ArgumentOutOfRangeException"/>
        /// naming this option and the other) with <see cref="SparseInput"/> = true and with
        /// <see cref="NumericEncoding.PiecewiseLinear"/> (whose quantile bins the scaling does not move), and with it the
        /// automatic sparse path is not taken. With <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/> the bins read the
        /// raw values and the periodic part the clipped ones.</summary>
        public NumericScaling NumericScaling { get; set; } = Defaults.NumericScaling;

        /// <summary>Learn a scale per feature value in front of the first layer (RealMLP's "scaling layer", Holzmüller et
        /// al. 2024: a soft feature selection): each (standardised) value is multiplied by its own learned factor, which
        /// starts at 1 and learns 6 times as fast as the weights (the reference's factor), before it meets the first
        /// layer's weights (after <see cref="NumericScaling.RobustSmoothClip"/>'s clip, when that is on). After training each factor is folded into its row of the first layer's weights, so the model,
        /// its file and its scoring are those of a network without it. With a <see cref="NumericEncoding"/> the scales act on
        /// the encoded values, one per value the encoding feeds the first layer (per embedding output and pass-through slot,
        /// or per bin), as RealMLP's scaling layer follows its embeddings. Default false; the default
        /// <see cref="NumericEncoding.Auto"/> turns the scales on where it resolves to its encoded stage (dense, in every mode), whatever this says
        /// (true then asks for them with an explicit encoding, or with Auto keeps the automatic sparse path off). Needs the
        /// dense path (in the micro-batch and cluster modes the scales are reduced with the other weights): the trainer
        /// refuses it (an <see cref="ArgumentOutOfRangeException"/> naming this option and the other) with
        /// <see cref="SparseInput"/> = true, and with it the automatic sparse path is not taken.</summary>
        public bool LearnFeatureScales { get; set; }

        /// <summary>Whether the first layer reads the features as a sparse block: each row's non-zero slots and values (as
        /// ML.NET's <c>FeaturizeText</c>, <c>OneHotEncoding</c> and <c>OneHotHashEncoding</c> give them), multiplied by
        /// their rows of the first layer's weights, so that work and memory follow the non-zeros instead of the width;
        /// rows stay sparse in memory, when streamed and in shards, and scoring reads them without expanding them.
        /// Default null (automatic): sparse when at most 5% of the training rows' feature values are non-zero, dense
        /// otherwise, and dense whenever an option asks for the dense path's input stage (an explicit
        /// <see cref="NumericEncoding"/> other than None, <see cref="NumericScaling.RobustSmoothClip"/> or
        /// <see cref="LearnFeatureScales"/> = true); true or false forces one path. On the sparse path
        /// the features are not standardised (<see cref="StandardizeFeatures"/> is ignored) and
        /// <see cref="SparseUpdates"/> applies. A model trained either way scores, saves and exports alike.</summary>
        public bool? SparseInput { get; set; }

        /// <summary>On the sparse path (<see cref="SparseInput"/>) and for the embedding tables of
        /// <see cref="CategoricalColumnNames"/>: how the rows a mini-batch does not touch (the first layer's rows of the
        /// slots its rows do not hold; the tables' rows of other keys) are updated. <see cref="Backprop.SparseUpdates.Lazy"/>:
        /// not at all, as PyTorch's <c>SparseAdam</c> and TensorFlow's <c>LazyAdam</c> do;
        /// <see cref="Backprop.SparseUpdates.EveryRow"/>: every row every step as on the dense path, at a cost ∝ rows × width
        /// per step; <see cref="Backprop.SparseUpdates.CatchUp"/>: the dense path's result (up to rounding and Adam's ε) at
        /// the lazy cost, where the rule allows it (see the values); <see cref="Backprop.SparseUpdates.RowWise"/>: row-wise
        /// Adagrad on those rows, one optimizer value per row instead of per weight. Default null (automatic): RowWise when
        /// the first layer reads the features sparse and its per-value optimizer state would take more than 256 MB
        /// (slots × first hidden width × 4 bytes, × 2 for Adam and AdamW, × 0 for Sgd, which keeps none; e.g. 2²⁰ hashed slots × 64 units), else CatchUp when the first layer
        /// reads the features sparse and the training rows hold at least 32 non-zero feature values on average (text
        /// n-grams: dense semantics won the reviews on every seed measured), Lazy otherwise (a few one-hot or hashed ids a
        /// row, and embedding tables beside dense features: lazy won the ids on every seed), except for an id-like table (a
        /// categorical column of more keys than √ of the training rows, e.g. students or products; not a few levels such as
        /// states or grades): its every row is updated every step with a prior, L2 of 10 ÷ the network's training rows on
        /// that table alone, added to <see cref="L2Regularization"/> (a mixed model's random effects: a key seen a few times
        /// is shrunk towards zero; InstEval's ids, 3-fold CV RMSE 1.2301 → 1.2081), and its automatic width is narrower
        /// (<see cref="EmbeddingWidths"/>). Only with the <see cref="Optimizer"/>s it was measured to help, Adam, AdamW and
        /// RmsProp: with Sgd, Momentum, Nesterov and Adagrad a narrow table's rarely seen rows barely move (synthetic ids'
        /// effects went unlearned), so those keep the lazy steps and the rule's widths in every mode. Updating every row costs each step work in proportion to the tables' values, so
        /// the prior applies only while the id-like tables' values (keys × width, the narrower widths, summed) are at most 0.2 ×
        /// <see cref="BatchSize"/> × the weights the network would have with the rule's widths (the first layer over the
        /// features and every table, the hidden layers, one output): an epoch then takes at most about 1.5× the lazy steps'
        /// time on the rule's widths, and less up to 100,000 keys with the default layers (synthetic users over 5 rows each:
        /// 0.4× at 10,000 keys, 0.7× at 100,000, 1.5× at 300,000 near the bound; InstEval's tables are a tenth of it). Larger
        /// tables keep the lazy steps and the rule's widths. The micro-batch and cluster modes update every row every step
        /// whatever this option (RowWise still keeps one value per row there), so there an id-like table gets the prior and
        /// the narrower width under the automatic choice with no size bound (the prior adds a multiply-add per table value
        /// to those steps; the narrower table makes them, the micro-batches' sums and the cluster's messages smaller).
        /// Setting this option turns the prior and the narrower widths off, in every mode. Ignored on the dense path
        /// without tables.</summary>
        public SparseUpdates? SparseUpdates { get; set; }

        /// <summary>Number of networks trained with different seeds (and different automatic hold-outs) and averaged
        /// (their outputs before the sigmoid or softmax) into one model and one file. The first network uses the run's
        /// seed, so it is the network <c>EnsembleSize = 1</c> would train, unless the bins are supervised
        /// (<see cref="NumericBinning.Supervised"/>, and the default <see cref="NumericEncoding.Auto"/> in memory on the dense
        /// path): their edges are learnt from the rows no network holds out, which depend on the networks. The networks train side by side, up to
        /// <see cref="NumberOfThreads"/> at once. With <see cref="MicroBatchSize"/> (and on a cluster) the default is one
        /// network: setting this option, to any value, trains that many there, one after another (each step already uses
        /// every thread or worker), so the fit takes about as many times longer; every network's epochs are logged, and
        /// a cluster reports and checkpoints each one. The model's <see cref="BackpropModel.History"/> and
        /// <see cref="BackpropModel.Diagnosis"/> (and <see cref="Progress"/>) are the first network's; the others are
        /// trained without the per-layer unit statistics. Default 4 (measured against 1, 3, 5 and 6: the largest gain of
        /// any default, on small and large sets alike); range [1, 100].</summary>
        public int EnsembleSize
        {
            get => _ensembleSize;
            set
            {
                _ensembleSize = value;
                EnsembleSizeIsSet = true;
            }
        }

        private int _ensembleSize = Defaults.EnsembleSize;

        /// <summary>Whether <see cref="EnsembleSize"/> was set: the micro-batch and cluster modes train one network unless
        /// it was (<see cref="FitPlan.NetworksOf"/>).</summary>
        internal bool EnsembleSizeIsSet { get; private set; }

        /// <summary>Class weighting for classification. Default <see cref="ClassWeighting.None"/>; <c>Fit</c> refuses any other
        /// value for regression (an <see cref="ArgumentOutOfRangeException"/> naming this option).</summary>
        public ClassWeighting ClassWeighting { get; set; } = Defaults.ClassWeighting;

        /// <summary>How a classifier's probabilities are calibrated after training (see <see cref="ProbabilityCalibration"/>).
        /// Default <see cref="ProbabilityCalibration.Auto"/>: with <see cref="ClassWeighting"/> Balanced or SquareRoot, or <see cref="BalancedSampling"/>, Platt scaling on
        /// the hold-out rows (every network's own, pooled) when there are at least 100 (the exact prior correction otherwise); without weighting, Platt scaling
        /// for a binary classifier with at least 100 such rows and none otherwise; so that <c>Probability</c>
        /// estimates the data's frequencies either way. The network's weights are the same for every value. For regression only
        /// <see cref="ProbabilityCalibration.Auto"/> and <see cref="ProbabilityCalibration.None"/> are accepted (both leave the score as
        /// trained); <c>Fit</c> refuses the others with an <see cref="ArgumentOutOfRangeException"/> naming this option.</summary>
        public ProbabilityCalibration Calibration { get; set; } = Defaults.Calibration;

        /// <summary>Draw every epoch's mini-batches with the classes equally represented: each class fills 1/C of the
        /// epoch's n rows (a rare class repeated, a common one sampled, a different part each epoch) and each
        /// mini-batch holds ⌊b/C⌋ or ⌈b/C⌉ rows of each class. Reproducible from <see cref="Seed"/>, the same for any
        /// <see cref="NumberOfThreads"/>. Like <see cref="ClassWeighting"/> it trains towards equal priors, which <see cref="Calibration"/> undoes by default.
        /// Classification with rows in memory only: <c>Fit</c> refuses it for regression (an
        /// <see cref="ArgumentOutOfRangeException"/> naming this option) and with <see cref="Backprop.DataLoading.Streaming"/>,
        /// <see cref="MicroBatchSize"/> or a cluster (a <see cref="NotSupportedException"/> naming the mode). Default false.</summary>
        public bool BalancedSampling { get; set; }

        /// <summary>Skip training rows whose features contain NaN, ±∞ or values beyond ±1e15
        /// (their count is logged) instead of failing.
        /// Default false: such a row stops <c>Fit</c> with an <see cref="InvalidOperationException"/> naming it.</summary>
        public bool SkipRowsWithNonFiniteFeatures { get; set; }

        /// <summary>How the training data is read. Default <see cref="Backprop.DataLoading.InMemory"/>; use
        /// <see cref="Backprop.DataLoading.Streaming"/> for data too large to copy into memory.</summary>
        public DataLoading DataLoading { get; set; } = Defaults.DataLoading;

        /// <summary>Rows per shuffle block in streaming mode (memory used: one block). A shuffled epoch serves a random
        /// half of the block at a time and reads as many new rows into its place, so the rows of neighbouring blocks
        /// mix, differently every epoch. Default 8192; ≥ 1.</summary>
        public int StreamingBlockSize { get; set; } = Defaults.StreamingBlockSize;

        /// <summary>What to do if training diverges (NaN/∞ loss). Default <see cref="DivergenceBehavior.Throw"/>.</summary>
        public DivergenceBehavior OnDivergence { get; set; } = Defaults.OnDivergence;

        /// <summary>Record dead-unit, saturation and update-ratio statistics and gradient histograms per layer and epoch (of
        /// the first network; the diagnosis' checks of units and of a too low learning rate need them). Default true.</summary>
        public bool RecordDiagnostics { get; set; } = Defaults.RecordDiagnostics;

        /// <summary>When the training diagnosis raises a finding. Default null: <see cref="DiagnosisThresholds.Default"/>.</summary>
        public DiagnosisThresholds? DiagnosisThresholds { get; set; }

        /// <summary>Called with each epoch's report of the first network as soon as the epoch ends: synchronously, on the training thread, in
        /// epoch order, before the next epoch starts (an exception thrown by it stops training and leaves <c>Fit</c>).
        /// Default null. Write <c>Progress = r =&gt; Console.WriteLine(r.TrainingLoss)</c>; an <see cref="IProgress{T}"/>
        /// that marshals to a UI thread is passed as <c>Progress = progress.Report</c>.</summary>
        public Action<EpochReport>? Progress { get; set; }

        /// <summary>Receives the epochs of every network, with its index from 0, where an ensemble's networks train one
        /// after another (the micro-batch and cluster modes; side by side, the first network's only): the cluster's epoch
        /// reports, which name the network. Null for none.</summary>
        internal Action<int, EpochReport>? EveryNetworkProgress { get; set; }

        /// <summary>Cancels training; checked before every mini-batch (and every 4,096 rows while the rows are read), then
        /// <c>Fit</c> throws an <see cref="OperationCanceledException"/>. Default none.</summary>
        public CancellationToken CancellationToken { get; set; }
    }
}
