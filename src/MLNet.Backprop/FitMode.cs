namespace MLNet.Backprop;

/// <summary>How one <c>Fit</c> holds its rows and computes its steps: the one switch every other decision of the
/// trainer starts from (<see cref="FitPlan.ModeOf"/>; what each mode allows is <see cref="FitPlan.RulesOf"/>).</summary>
internal enum FitMode
{
    /// <summary>Rows read once into memory; the default loop (the library's default).</summary>
    InMemory,

    /// <summary>Rows counted once, then read from the data view every epoch; the default loop.</summary>
    Streaming,

    /// <summary>Rows in memory; each step's gradient reduced from micro-batch sums on this machine's threads.</summary>
    LocalMicroBatch,

    /// <summary>Rows and micro-batch sums on a backend's workers (the distributed package's cluster).</summary>
    Cluster,
}

/// <summary>Who proves the finished model's outputs finite on the training rows.</summary>
internal enum FinalOutputCheck
{
    /// <summary>Each network, on the rows it trained on, at the end of its run (it scores as it trained).</summary>
    EachNetwork,

    /// <summary>The trainer, on the finished model (standardisation folded, networks averaged, label scale undone).</summary>
    Model,

    /// <summary>Nobody in this process: the rows are on a backend's workers.</summary>
    None,
}

/// <summary>What a <see cref="FitMode"/> allows: one row of the mode matrix.</summary>
/// <param name="Ensembles">Trains <c>EnsembleSize</c> networks by default (else one, unless <c>EnsembleSize</c> is set:
/// <see cref="FitPlan.NetworksOf"/>).</param>
/// <param name="StandardizesFeatures">Standardises the features inside the trainer (else they are trained as given).</param>
/// <param name="StandardizesLabel">Standardises a regression label inside the trainer (else it is trained as given): every
/// mode knows the label's mean and variance before training (the counting pass, a cluster's from its shards' manifest).</param>
/// <param name="AutomaticHoldOut">Holds out part of the training rows for early stopping when <c>Fit</c> gets no
/// validation rows and the options leave <c>ValidationFraction</c> automatic.</param>
/// <param name="RowsInMemory">The training rows are held in this process's memory.</param>
/// <param name="RowsInProcess">The training rows are read by this process (else a backend's workers read them; a hold-out
/// then needs <paramref name="HoldsOutByRow"/>).</param>
/// <param name="HoldsOutByRow">A hold-out is drawn row by row by whoever reads the rows (<c>TrainingSplit.ByRow</c>: a
/// pure function of the seed and each row's position, so every reader, whatever the worker count, holds out the same
/// ones) instead of by this process alone (stratified in memory; streamed, <c>StreamedRows</c> draws its own).</param>
/// <param name="NetworksOneAfterAnother">The networks of an ensemble train one after another, each with every thread
/// (else side by side, one thread each): the micro-batch step already splits over the threads or a backend's workers.
/// Side by side in one pass over the micro-batches (rows read once) would need a job of N weight vectors and N reduction
/// trees a step (N times the cluster's bytes both ways), members sharing one row order (their own shuffles and hold-outs
/// become per-member masks, and the first network is no longer the one <c>EnsembleSize = 1</c> trains) and N
/// early-stopping states in one checkpoint: one after another keeps each network the single-network run it would be.</param>
internal readonly record struct ModeRules(bool Ensembles, bool StandardizesFeatures, bool StandardizesLabel, bool AutomaticHoldOut, bool RowsInMemory, bool RowsInProcess,
    bool HoldsOutByRow = false, bool NetworksOneAfterAnother = false);
