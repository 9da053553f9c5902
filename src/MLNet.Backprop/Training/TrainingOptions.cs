using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Training;

/// <summary>How the training loop trains a network: loss, optimizer, schedule, regularisation, clipping, early stopping
/// and threads. Built from the trainer's <see cref="BackpropTrainer.Options"/>, which were checked once, when the
/// trainer was created; the defaults are <see cref="Defaults"/>' (so tests can set only what they vary).</summary>
internal sealed record TrainingOptions
{
    /// <summary>The loss with its parameter (a bare <see cref="LossFunction"/> converts with the default parameter).</summary>
    public LossSpec Loss { get; init; } = LossFunction.BinaryCrossEntropy;
    /// <summary>Epochs to train (the trainer resolves the automatic count before a run starts).</summary>
    public required int NumberOfEpochs { get; init; }
    public int BatchSize { get; init; } = Defaults.BatchSize;
    public float LearningRate { get; init; } = Defaults.LearningRate;
    public OptimizerKind Optimizer { get; init; } = Defaults.Optimizer;
    public OptimizerSettings OptimizerSettings { get; init; } = new();
    public LearningRateScheduleKind LearningRateSchedule { get; init; } = Defaults.LearningRateSchedule;
    public int ScheduleStepSize { get; init; } = Defaults.ScheduleStepSize;
    public float ScheduleGamma { get; init; } = Defaults.ScheduleGamma;
    public float MinimumLearningRate { get; init; } = Defaults.MinimumLearningRate;
    public DropoutScheduleKind DropoutSchedule { get; init; } = Defaults.DropoutSchedule;
    public float L2Regularization { get; init; } = Defaults.L2Regularization;
    /// <summary>The prior of an id-like embedding table (<see cref="AutomaticSettings.IdTablePrior"/>): L2 on its every row
    /// each step, added to <see cref="L2Regularization"/>, for the tables of more keys than <see cref="IdTableMostKeys"/>;
    /// 0 for none (the options' <see cref="BackpropTrainer.Options.SparseUpdates"/> set, or no tables).</summary>
    public float IdTablePrior { get; init; }

    /// <summary>The most keys a table may have without <see cref="IdTablePrior"/> (<see cref="AutomaticSettings.IdLikeKeys"/>).</summary>
    public int IdTableMostKeys { get; init; }
    public float? GradientClipNorm { get; init; }
    public float? GradientClipValue { get; init; }

    /// <summary>Seed of shuffling and dropout.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads for the matrix products; 0 means all cores. Results do not depend on it.</summary>
    public int NumberOfThreads { get; init; }

    /// <summary>Reshuffle the training rows every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    public int? EarlyStoppingPatience { get; init; }
    public EarlyStoppingMetric EarlyStoppingMetric { get; init; } = Defaults.EarlyStoppingMetric;
    public float EarlyStoppingMinDelta { get; init; } = Defaults.EarlyStoppingMinDelta;
    public bool RestoreBestWeights { get; init; } = Defaults.RestoreBestWeights;
    public DivergenceBehavior OnDivergence { get; init; } = Defaults.OnDivergence;

    /// <summary>With a sparse input or embedding tables: how the rows a step does not touch are updated.</summary>
    public SparseUpdates SparseUpdates { get; init; } = Defaults.SparseUpdates;

    /// <summary>A sparse first layer's weight gradient holds the rows a step touches only, where the updates allow it
    /// (<see cref="Network.TouchedRows.Compact"/>); false keeps it dense (the same bits: a test's comparison).</summary>
    public bool CompactSparseGradient { get; init; } = true;

    /// <summary>Record dead-unit, saturation and update-ratio statistics per layer.</summary>
    public bool RecordDiagnostics { get; init; } = Defaults.RecordDiagnostics;

    /// <summary>Whether the returned weights are checked to give finite outputs on every training row (a pass over the
    /// rows). The trainer turns it off when it checks the finished model instead (standardisation folded, an ensemble).</summary>
    public bool CheckFinalOutputs { get; init; } = true;

    internal int ResolvedThreads => NumberOfThreads == 0 ? Environment.ProcessorCount : NumberOfThreads;
}
