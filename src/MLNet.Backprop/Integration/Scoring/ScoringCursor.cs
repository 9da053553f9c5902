using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>A cursor of <see cref="ScoringDataView"/>: moves the input cursor and scores its rows lazily.</summary>
/// <remarks>Owns the input cursor and disposes it. Has its own <see cref="IRowScorer"/>, so cursors of a set can run in parallel.</remarks>
internal sealed class ScoringCursor : DataViewRowCursor
{
    private readonly ScoringBinding _binding;
    private readonly DataViewRowCursor _input;
    private readonly ScoredRowValues _values;
    private bool _disposed;

    /// <summary>Wraps <paramref name="input"/>; <paramref name="activeOutputs"/> flags the requested output columns.</summary>
    public ScoringCursor(ScoringBinding binding, DataViewRowCursor input, bool[] activeOutputs)
    {
        _binding = binding;
        _input = input;
        _values = new ScoredRowValues(binding, input, activeOutputs);
    }

    /// <inheritdoc/>
    public override long Position => _input.Position;

    /// <inheritdoc/>
    public override long Batch => _input.Batch;

    /// <inheritdoc/>
    public override DataViewSchema Schema => _binding.OutputSchema;

    /// <inheritdoc/>
    public override bool MoveNext() => _input.MoveNext();

    /// <inheritdoc/>
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    /// <inheritdoc/>
    public override bool IsColumnActive(DataViewSchema.Column column) => ScoringColumns.IsActive(_binding, _input, _values, column);

    /// <inheritdoc/>
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        ScoringColumns.GetGetter<TValue>(_binding, _input, _values, column);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        if (disposing)
            _input.Dispose();
        _disposed = true;
        base.Dispose(disposing);
    }
}
