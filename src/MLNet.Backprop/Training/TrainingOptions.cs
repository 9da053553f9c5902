using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Training;

/// <summary>How the training loop trains a network: loss, optimizer, schedule, regularisation, clipping, early stopping
/// and threads. Built from the trainer's <see cref="BackpropTrainer.Options"/>, which were checked once, when the
/// trainer was created; the defaults are <see cref="Defaults"/>' (so tests can set only what they vary).</summary>
internal sealed class TrainingOptions
{
    /// <summary>The loss with its parameter (a bare <see cref="LossFunction"/> converts with the default parameter).</summary>
    public LossSpec Loss { get; set; } = LossFunction.BinaryCrossEntropy;
    public int NumberOfEpochs { get; set; } = Defaults.EngineEpochs;
    public int BatchSize { get; set; } = Defaults.BatchSize;
    public float LearningRate { get; set; } = Defaults.EngineLearningRate;
    public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;
    public OptimizerSettings OptimizerSettings { get; set; } = new();
    public LearningRateScheduleKind LearningRateSchedule { get; set; } = Defaults.LearningRateSchedule;
    public int ScheduleStepSize { get; set; } = Defaults.ScheduleStepSize;
    public float ScheduleGamma { get; set; } = Defaults.ScheduleGamma;
    public float MinimumLearningRate { get; set; } = Defaults.MinimumLearningRate;
    public float L2Regularization { get; set; } = Defaults.L2Regularization;
    public float? GradientClipNorm { get; set; }
    public float? GradientClipValue { get; set; }

    /// <summary>Seed of shuffling and dropout.</summary>
    public ulong Seed { get; set; }

    /// <summary>Threads for the matrix products; 0 means all cores. Results do not depend on it.</summary>
    public int NumberOfThreads { get; set; }

    /// <summary>Reshuffle the training rows every epoch.</summary>
    public bool Shuffle { get; set; } = true;

    public int? EarlyStoppingPatience { get; set; }
    public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = Defaults.EarlyStoppingMetric;
    public float EarlyStoppingMinDelta { get; set; } = Defaults.EarlyStoppingMinDelta;
    public bool RestoreBestWeights { get; set; } = Defaults.RestoreBestWeights;
    public DivergenceBehavior OnDivergence { get; set; } = Defaults.OnDivergence;

    /// <summary>Record dead-unit, saturation and update-ratio statistics per layer.</summary>
    public bool RecordDiagnostics { get; set; } = Defaults.RecordDiagnostics;

    /// <summary>Whether the returned weights are checked to give finite outputs on every training row (a pass over the
    /// rows). The trainer turns it off when it checks the finished model instead (standardisation folded, an ensemble).</summary>
    public bool CheckFinalOutputs { get; set; } = true;

    internal int ResolvedThreads => NumberOfThreads == 0 ? Environment.ProcessorCount : NumberOfThreads;
}
