using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>Training rows by index, in any order: what the micro-batch mode gathers its micro-batches from (rows in
/// memory, or a worker's shard files).</summary>
internal interface IRowSource
{
    /// <summary>Number of rows; indices run from 0.</summary>
    int RowCount { get; }

    /// <summary>What a row's input carries.</summary>
    InputShape Inputs { get; }

    /// <summary>Target values per row.</summary>
    int TargetWidth { get; }

    /// <summary>True when rows carry weights (example or class-balance weights).</summary>
    bool HasWeights { get; }

    /// <summary>Copies the rows named by <paramref name="rows"/> into the first rows of <paramref name="inputs"/>, in that
    /// order (weights only when <see cref="HasWeights"/>).</summary>
    void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights);
}
