using MLNet.Backprop.Integration.Schema;

using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>A fitted model as the ML.NET plumbing sees it: its task, its input and output sizes, and a scorer source.</summary>
/// <remarks>Implementations must be immutable after construction: one factory is shared by all cursors and threads.</remarks>
internal interface IScorerFactory
{
    /// <summary>The task; decides which output columns are produced.</summary>
    PredictionKind Kind { get; }

    /// <summary>Expected length of the feature vector.</summary>
    int FeatureCount { get; }

    /// <summary>The categorical (key) columns whose values a row of input carries, in order; empty for none.</summary>
    IReadOnlyList<string> KeyColumns => [];

    /// <summary>The categorical columns as trained (key names included), in <see cref="KeyColumns"/> order, against which
    /// the data's key numbering is checked (<see cref="ScoringKeys"/>); empty to score the keys as they come.</summary>
    IReadOnlyList<CategoricalColumn> TrainedKeys => [];

    /// <summary>The training feature vector's slot names, one per feature, against which the data's slot order is checked
    /// (<see cref="ScoringSlots"/>); null to score the features as they come.</summary>
    IReadOnlyList<string>? TrainedSlotNames => null;

    /// <summary>What a row of input carries: the feature vector as a dense block, or as a sparse block (its non-zero
    /// slots and values, read from the column's vector without expanding it), and a key per categorical column.</summary>
    InputShape Inputs => new(FeatureCount, KeyColumns: KeyColumns.Count);

    /// <summary>Number of scores and predictions written by <see cref="IRowScorer.Score"/>: binary 1, multiclass K,
    /// regression 1.</summary>
    int OutputCount { get; }

    /// <summary>Multiclass: the K class names (from the training label's <c>KeyValues</c>); otherwise null.</summary>
    ReadOnlyMemory<char>[]? ClassNames { get; }

    /// <summary>Creates a new, independent scorer; called once per cursor or row.</summary>
    IRowScorer CreateScorer();
}
