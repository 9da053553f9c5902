using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>A row of <see cref="ScoringRowMapper"/>: the input row's columns passed through by index, then the outputs.</summary>
/// <remarks>Owns the input row: disposing this row disposes it, as the <see cref="IRowToRowMapper.GetRow"/> contract requires.</remarks>
internal sealed class ScoringRow : DataViewRow
{
    private readonly ScoringBinding _binding;
    private readonly DataViewRow _input;
    private readonly ScoredRowValues _values;
    private bool _disposed;

    /// <summary>Wraps <paramref name="input"/>; <paramref name="activeOutputs"/> flags the requested output columns.</summary>
    public ScoringRow(ScoringBinding binding, DataViewRow input, bool[] activeOutputs)
    {
        _binding = binding;
        _input = input;
        _values = new ScoredRowValues(binding, input, activeOutputs, singleRow: true);
    }

    /// <inheritdoc/>
    public override long Position => _input.Position;

    /// <inheritdoc/>
    public override long Batch => _input.Batch;

    /// <inheritdoc/>
    public override DataViewSchema Schema => _binding.OutputSchema;

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
