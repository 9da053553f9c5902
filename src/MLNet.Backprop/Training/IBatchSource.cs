using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>
/// Where mini-batches come from: in-memory arrays with a shuffled index (<see cref="InMemoryBatchSource"/>), or a data
/// stream read once per epoch (the ML.NET trainer's streaming mode).
/// </summary>
internal interface IBatchSource
{
    /// <summary>What a row's input carries.</summary>
    InputShape Inputs { get; }

    /// <summary>Target values per row.</summary>
    int TargetWidth { get; }

    /// <summary>True when rows carry example weights.</summary>
    bool HasWeights { get; }

    /// <summary>Rows per epoch when known up front.</summary>
    long? Rows { get; }

    /// <summary>Threads the source may use to gather a large batch (the trainer's); a batch does not depend on them.</summary>
    void UseThreads(int threads) { }

    /// <summary>An upper bound of |feature value| over the rows served (infinity when unknown, e.g. after a
    /// standardisation that can scale values up): with the weights it bounds the outputs without a pass over the rows
    /// (<see cref="Network.OutputBound"/>).</summary>
    double MaxAbsFeature => double.PositiveInfinity;

    /// <summary>Starts an epoch; <paramref name="rng"/> is the trainer's shuffling stream, null to keep the data order.</summary>
    void BeginEpoch(Rng? rng);

    /// <summary>Fills up to <paramref name="capacity"/> rows of <paramref name="inputs"/> (targets, and weights only when
    /// <see cref="HasWeights"/>); returns the row count, 0 once the epoch is exhausted. <paramref name="last"/> is true
    /// when no row follows this batch in the epoch.</summary>
    int Next(InputBatch inputs, Span<float> targets, Span<float> weights, int capacity, out bool last);
}
