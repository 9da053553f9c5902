using MLNet.Backprop.Network;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    /// <summary>
    /// Everything that configures a <see cref="BackpropTrainer"/>. Each option states its default and valid range;
    /// invalid values are rejected by the trainer's constructor with an <see cref="ArgumentOutOfRangeException"/>
    /// naming the option and the value.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The label column. Default "Label". Boolean (binary), key (multiclass) or Single (regression).</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>The feature column: a known-size vector of Single. Default "Features".</summary>
        public string FeatureColumnName { get; set; } = "Features";

        /// <summary>Optional per-example weight column (Single, finite, ≥ 0). Default null (all 1).</summary>
        public string? ExampleWeightColumnName { get; set; }

        /// <summary>The task. Default <see cref="BackpropTask.Auto"/>: inferred from the label type. The catalog methods set it.</summary>
        public BackpropTask Task { get; set; } = BackpropTask.Auto;

        /// <summary>Units per hidden layer, input side first. Default { 64, 32 }; each ≥ 1; empty for a linear model.</summary>
        public int[] HiddenLayers { get; set; } = [64, 32];

        /// <summary>Hidden-layer activation. Default <see cref="Backprop.Activation.ReLU"/>.</summary>
        public Activation Activation { get; set; } = Activation.ReLU;

        /// <summary>Negative-side slope of LeakyReLU. Default 0.01; range [0, 1).</summary>
        public float LeakyReluSlope { get; set; } = 0.01f;

        /// <summary>α of ELU. Default 1; finite, &gt; 0.</summary>
        public float EluAlpha { get; set; } = 1f;

        /// <summary>Initial weight distribution. Default <see cref="WeightInitialization.Auto"/> (He for the ReLU family, Glorot otherwise).</summary>
        public WeightInitialization Initialization { get; set; } = WeightInitialization.Auto;

        /// <summary>Initial hidden-layer bias. Default 0; finite.</summary>
        public float InitialBias { get; set; }

        /// <summary>The loss, or null for the task's natural one (binary cross-entropy, softmax cross-entropy, mean
        /// squared error). Regression may use <see cref="LossFunction.Huber"/>. Default null.</summary>
        public LossFunction? Loss { get; set; }

        /// <summary>δ of the Huber loss. Default 1; finite, &gt; 0.</summary>
        public float HuberDelta { get; set; } = 1f;

        /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/>.</summary>
        public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

        /// <summary>Base learning rate η. Default 1e-3; finite, &gt; 0.</summary>
        public float LearningRate { get; set; } = 1e-3f;

        /// <summary>Momentum μ of Momentum and Nesterov. Default 0.9; range [0, 1).</summary>
        public float Momentum { get; set; } = OptimizerSettings.Defaults.Momentum;

        /// <summary>β1 of Adam/AdamW. Default 0.9; range [0, 1).</summary>
        public float Beta1 { get; set; } = OptimizerSettings.Defaults.Beta1;

        /// <summary>β2 of Adam/AdamW. Default 0.999; range [0, 1).</summary>
        public float Beta2 { get; set; } = OptimizerSettings.Defaults.Beta2;

        /// <summary>ε of Adagrad, RMSprop, Adam and AdamW. Default 1e-8; finite, &gt; 0.</summary>
        public float Epsilon { get; set; } = OptimizerSettings.Defaults.Epsilon;

        /// <summary>Decay ρ of RMSprop's squared-gradient average. Default 0.9; range [0, 1).</summary>
        public float RmsPropDecay { get; set; } = OptimizerSettings.Defaults.RmsPropDecay;

        /// <summary>Decoupled weight decay λ (w ← w − η·λ·w each step, weights only). Default null: 0.01 for AdamW, 0 otherwise; finite, ≥ 0.</summary>
        public float? WeightDecay { get; set; }

        /// <summary>Learning-rate schedule over epochs. Default <see cref="LearningRateScheduleKind.Constant"/>.</summary>
        public LearningRateScheduleKind LearningRateSchedule { get; set; } = LearningRateScheduleKind.Constant;

        /// <summary>Epochs between step decays. Default 10; ≥ 1.</summary>
        public int ScheduleStepSize { get; set; } = 10;

        /// <summary>Decay factor γ of step and exponential schedules. Default 0.5; range (0, 1].</summary>
        public float ScheduleGamma { get; set; } = 0.5f;

        /// <summary>Final learning rate of the cosine schedule. Default 0; range [0, LearningRate].</summary>
        public float MinimumLearningRate { get; set; }

        /// <summary>Examples per mini-batch. Default 64; ≥ 1.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>Passes over the training data. Default 50; ≥ 1.</summary>
        public int NumberOfEpochs { get; set; } = 50;

        /// <summary>L2 penalty λ added to weight gradients (λ·w). Default 0; finite, ≥ 0.</summary>
        public float L2Regularization { get; set; }

        /// <summary>Dropout rate after each hidden layer, training only. Default 0; range [0, 1).</summary>
        public float Dropout { get; set; }

        /// <summary>Clip the global gradient norm to this value. Default null (off); finite, &gt; 0.</summary>
        public float? GradientClipNorm { get; set; }

        /// <summary>Clamp each gradient value to [−c, c]. Default null (off); finite, &gt; 0.</summary>
        public float? GradientClipValue { get; set; }

        /// <summary>Seed of initialisation, shuffling, dropout and the validation split. Default null: drawn from the
        /// <c>MLContext</c>'s seed.</summary>
        public int? Seed { get; set; }

        /// <summary>Threads for the matrix products; 0 means all cores. The result is bit-identical for any value. Default 0; ≥ 0.</summary>
        public int NumberOfThreads { get; set; }

        /// <summary>Share of the training rows held out (stratified by class for classification) for validation and
        /// early stopping when <c>Fit</c> gets no validation data. Default 0 (none); range [0, 0.5].</summary>
        public float ValidationFraction { get; set; }

        /// <summary>Stop after this many epochs without improvement of the watched metric. Default null (off); ≥ 1.</summary>
        public int? EarlyStoppingPatience { get; set; }

        /// <summary>What early stopping watches on the validation data. Default <see cref="Backprop.EarlyStoppingMetric.Loss"/>.</summary>
        public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = EarlyStoppingMetric.Loss;

        /// <summary>Smallest change of the watched metric that counts as an improvement. Default 0; finite, ≥ 0.</summary>
        public float EarlyStoppingMinDelta { get; set; }

        /// <summary>With early stopping, keep the best epoch's weights. Default true.</summary>
        public bool RestoreBestWeights { get; set; } = true;

        /// <summary>Class weighting for classification. Default <see cref="ClassWeighting.None"/>.</summary>
        public ClassWeighting ClassWeighting { get; set; } = ClassWeighting.None;

        /// <summary>Skip training rows whose features contain NaN, ±∞ or values beyond ±1e15
        /// (<see cref="FeatureLimits.MaxMagnitude"/>; their count is logged) instead of failing.
        /// Default false: such a row stops <c>Fit</c> with an error naming it.</summary>
        public bool SkipRowsWithNonFiniteFeatures { get; set; }

        /// <summary>How the training data is read. Default <see cref="Backprop.DataLoading.InMemory"/>; use
        /// <see cref="Backprop.DataLoading.Streaming"/> for data too large to copy into memory.</summary>
        public DataLoading DataLoading { get; set; } = DataLoading.InMemory;

        /// <summary>Rows per shuffle block in streaming mode (memory used: one block). Default 8192; ≥ 1.</summary>
        public int StreamingBlockSize { get; set; } = 8192;

        /// <summary>What to do if training diverges (NaN/∞ loss). Default <see cref="DivergenceBehavior.Throw"/>.</summary>
        public DivergenceBehavior OnDivergence { get; set; } = DivergenceBehavior.Throw;

        /// <summary>Record dead-unit, saturation and update-ratio statistics per layer and epoch. Default true.</summary>
        public bool RecordDiagnostics { get; set; } = true;

        /// <summary>When the training diagnosis raises a finding. Default null: <see cref="DiagnosisThresholds.Default"/>.</summary>
        public DiagnosisThresholds? DiagnosisThresholds { get; set; }

        /// <summary>Receives a report at the end of every epoch. Default null.</summary>
        public IProgress<EpochReport>? Progress { get; set; }

        /// <summary>Cancels training; checked before every mini-batch. Default none.</summary>
        public CancellationToken CancellationToken { get; set; }

        internal NetworkOptions ToNetworkOptions(int inputSize, int outputSize, ulong seed) => new()
        {
            InputSize = inputSize,
            HiddenLayers = HiddenLayers,
            OutputSize = outputSize,
            Activation = Activation,
            LeakyReluSlope = LeakyReluSlope,
            EluAlpha = EluAlpha,
            Initialization = Initialization,
            InitialBias = InitialBias,
            Dropout = Dropout,
            Seed = seed,
        };

        internal TrainingOptions ToTrainingOptions(LossFunction loss, ulong seed) => new()
        {
            Loss = loss,
            HuberDelta = HuberDelta,
            NumberOfEpochs = NumberOfEpochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            Optimizer = Optimizer,
            OptimizerSettings = ToOptimizerSettings(),
            LearningRateSchedule = LearningRateSchedule,
            ScheduleStepSize = ScheduleStepSize,
            ScheduleGamma = ScheduleGamma,
            MinimumLearningRate = MinimumLearningRate,
            L2Regularization = L2Regularization,
            GradientClipNorm = GradientClipNorm,
            GradientClipValue = GradientClipValue,
            Seed = seed,
            NumberOfThreads = NumberOfThreads,
            EarlyStoppingPatience = EarlyStoppingPatience,
            EarlyStoppingMetric = EarlyStoppingMetric,
            EarlyStoppingMinDelta = EarlyStoppingMinDelta,
            RestoreBestWeights = RestoreBestWeights,
            OnDivergence = OnDivergence,
            RecordDiagnostics = RecordDiagnostics,
            DiagnosisThresholds = DiagnosisThresholds,
        };

        internal OptimizerSettings ToOptimizerSettings() => new()
        {
            Momentum = Momentum,
            Beta1 = Beta1,
            Beta2 = Beta2,
            Epsilon = Epsilon,
            RmsPropDecay = RmsPropDecay,
            WeightDecay = WeightDecay,
        };

        /// <summary>Checks every option before any data is read; throws naming the first invalid one.</summary>
        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("LabelColumnName must name a column.", nameof(LabelColumnName));
            if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
            if (ExampleWeightColumnName is not null && string.IsNullOrWhiteSpace(ExampleWeightColumnName))
                throw new ArgumentException("ExampleWeightColumnName must be null or name a column.", nameof(ExampleWeightColumnName));
            Check(Enum.IsDefined(Task), nameof(Task), Task, "a defined BackpropTask");
            Check(Loss is null || Enum.IsDefined(Loss.Value), nameof(Loss), Loss, "null or a defined LossFunction");
            Check(Enum.IsDefined(ClassWeighting), nameof(ClassWeighting), ClassWeighting, "a defined ClassWeighting");
            Check(ValidationFraction >= 0f && ValidationFraction <= 0.5f, nameof(ValidationFraction), ValidationFraction, "in [0, 0.5]");
            Check(Enum.IsDefined(DataLoading), nameof(DataLoading), DataLoading, "a defined DataLoading");
            Check(StreamingBlockSize >= 1, nameof(StreamingBlockSize), StreamingBlockSize, "at least 1");
            Check(DataLoading != DataLoading.Streaming || ValidationFraction == 0f, nameof(ValidationFraction), ValidationFraction,
                "0 with DataLoading.Streaming (a hold-out needs the rows in memory; pass validation data to Fit(train, validation) instead)");
            Check(Seed is null || Seed >= 0, nameof(Seed), Seed, "null or ≥ 0");
            ToNetworkOptions(1, 1, 0).Validate();
            ToTrainingOptions(Loss ?? LossFunction.BinaryCrossEntropy, 0).Validate();
            _ = ToOptimizerSettings(); // its init accessors validate each value
        }

        private static void Check(bool valid, string name, object? value, string expected)
        {
            if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {value?.ToString() ?? "null"}.");
        }
    }
}
