using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Training;

/// <summary>How a <see cref="Network.NeuralNetwork"/> is trained: loss, optimizer, schedule, regularisation, clipping,
/// early stopping and threads. Every default and range is stated once, here.</summary>
public sealed class TrainingOptions
{
    /// <summary>The loss. Default <see cref="LossFunction.BinaryCrossEntropy"/>.</summary>
    public LossFunction Loss { get; set; } = LossFunction.BinaryCrossEntropy;

    /// <summary>δ of <see cref="LossFunction.Huber"/>. Default 1; finite and positive.</summary>
    public float HuberDelta { get; set; } = 1f;

    /// <summary>Passes over the training data. Default 50; at least 1.</summary>
    public int NumberOfEpochs { get; set; } = 50;

    /// <summary>Examples per mini-batch. Default 64; at least 1 (larger than the data means one batch of all rows).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Base learning rate η. Default 1e-3; finite and positive.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Hyper-parameters of the update rule (momentum, betas, epsilon, decay). Default: each rule's defaults.</summary>
    public OptimizerSettings OptimizerSettings { get; set; } = new();

    /// <summary>How η changes over epochs. Default <see cref="LearningRateScheduleKind.Constant"/>.</summary>
    public LearningRateScheduleKind LearningRateSchedule { get; set; } = LearningRateScheduleKind.Constant;

    /// <summary>Epochs between decays of <see cref="LearningRateScheduleKind.StepDecay"/>. Default 10; at least 1.</summary>
    public int ScheduleStepSize { get; set; } = 10;

    /// <summary>Decay factor γ of step and exponential schedules. Default 0.5; range (0, 1].</summary>
    public float ScheduleGamma { get; set; } = 0.5f;

    /// <summary>Final learning rate of the cosine schedule. Default 0; range [0, LearningRate].</summary>
    public float MinimumLearningRate { get; set; }

    /// <summary>L2 penalty λ: adds λ·w to the gradient of every weight matrix (not biases). Default 0; finite, ≥ 0.</summary>
    public float L2Regularization { get; set; }

    /// <summary>Clip the global gradient L2 norm to this value, or null for no clipping. Default null; finite, &gt; 0.</summary>
    public float? GradientClipNorm { get; set; }

    /// <summary>Clamp every gradient value to [−c, c], or null for no clamping. Default null; finite, &gt; 0.</summary>
    public float? GradientClipValue { get; set; }

    /// <summary>Seed of shuffling and dropout. Default 0.</summary>
    public ulong Seed { get; set; }

    /// <summary>Threads for the matrix products; 0 means all cores. Results do not depend on it. Default 0; ≥ 0.</summary>
    public int NumberOfThreads { get; set; }

    /// <summary>Reshuffle the training rows every epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Stop after this many epochs without improvement of the watched metric, or null to run every epoch.
    /// Default null; at least 1.</summary>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>The metric early stopping watches. Default <see cref="EarlyStoppingMetric.Loss"/>.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = EarlyStoppingMetric.Loss;

    /// <summary>Smallest change of the watched metric that counts as an improvement. Default 0; finite, ≥ 0.</summary>
    public float EarlyStoppingMinDelta { get; set; }

    /// <summary>With early stopping, end with the weights of the best epoch rather than the last. Default true.</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>What to do when the loss or gradients become non-finite. Default <see cref="DivergenceBehavior.Throw"/>.</summary>
    public DivergenceBehavior OnDivergence { get; set; } = DivergenceBehavior.Throw;

    /// <summary>Record dead-unit, saturation and update-ratio statistics per layer. Default true.</summary>
    public bool RecordDiagnostics { get; set; } = true;

    /// <summary>When the training diagnosis raises a finding, or null for <see cref="DiagnosisThresholds.Default"/>.</summary>
    public DiagnosisThresholds? DiagnosisThresholds { get; set; }

    /// <summary>Checks every option; throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid one and its value.</summary>
    public void Validate()
    {
        Check(Enum.IsDefined(Loss), nameof(Loss), Loss, "a defined LossFunction");
        Check(HuberDelta > 0f && float.IsFinite(HuberDelta), nameof(HuberDelta), HuberDelta, "finite and positive");
        Check(NumberOfEpochs >= 1, nameof(NumberOfEpochs), NumberOfEpochs, "at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Check(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "finite and positive");
        Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "a defined OptimizerKind");
        if (OptimizerSettings is null) throw new ArgumentNullException(nameof(OptimizerSettings));
        Check(Enum.IsDefined(LearningRateSchedule), nameof(LearningRateSchedule), LearningRateSchedule, "a defined LearningRateScheduleKind");
        Check(ScheduleStepSize >= 1, nameof(ScheduleStepSize), ScheduleStepSize, "at least 1");
        Check(ScheduleGamma > 0f && ScheduleGamma <= 1f, nameof(ScheduleGamma), ScheduleGamma, "in (0, 1]");
        Check(MinimumLearningRate >= 0f && MinimumLearningRate <= LearningRate, nameof(MinimumLearningRate), MinimumLearningRate, $"in [0, LearningRate = {LearningRate}]");
        Check(L2Regularization >= 0f && float.IsFinite(L2Regularization), nameof(L2Regularization), L2Regularization, "finite and ≥ 0");
        Check(GradientClipNorm is null || (GradientClipNorm > 0f && float.IsFinite(GradientClipNorm.Value)), nameof(GradientClipNorm), GradientClipNorm, "null or finite and positive");
        Check(GradientClipValue is null || (GradientClipValue > 0f && float.IsFinite(GradientClipValue.Value)), nameof(GradientClipValue), GradientClipValue, "null or finite and positive");
        Check(NumberOfThreads >= 0, nameof(NumberOfThreads), NumberOfThreads, "0 (all cores) or more");
        Check(EarlyStoppingPatience is null || EarlyStoppingPatience >= 1, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "null or at least 1");
        Check(Enum.IsDefined(EarlyStoppingMetric), nameof(EarlyStoppingMetric), EarlyStoppingMetric, "a defined EarlyStoppingMetric");
        Check(EarlyStoppingMinDelta >= 0f && float.IsFinite(EarlyStoppingMinDelta), nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "finite and ≥ 0");
        Check(Enum.IsDefined(OnDivergence), nameof(OnDivergence), OnDivergence, "a defined DivergenceBehavior");
    }

    internal int ResolvedThreads => NumberOfThreads == 0 ? Environment.ProcessorCount : NumberOfThreads;

    private static void Check(bool valid, string name, object? value, string expected)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {value?.ToString() ?? "null"}.");
    }
}
