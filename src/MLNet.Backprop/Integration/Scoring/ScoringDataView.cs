using Microsoft.ML;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// The lazy result of scoring an <see cref="IDataView"/>: the input columns followed by the model's outputs, computed
/// only for the rows a cursor visits and only when an output column is requested.
/// </summary>
/// <remarks>
/// Reading an output throws <see cref="InvalidDataException"/> for a row whose features hold NaN or infinity or have the
/// wrong length (see <see cref="ScoredRowValues.GetGetter{T}"/>).
/// </remarks>
internal sealed class ScoringDataView : IDataView
{
    private readonly IDataView _input;
    private readonly ScoringBinding _binding;

    /// <summary>Binds the model to <paramref name="input"/>'s schema; schema problems throw here, not on the first row, the
    /// data's key numbering included (<see cref="IScorerFactory.TrainedKeys"/>, <see cref="ScoringKeys"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or has the wrong type or size, or a
    /// categorical column is missing, not a key, or numbered differently from the training data.</exception>
    public ScoringDataView(IDataView input, string featureColumnName, IScorerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _binding = new ScoringBinding(input.Schema, featureColumnName, factory);
    }

    /// <inheritdoc/>
    public bool CanShuffle => _input.CanShuffle;

    /// <inheritdoc/>
    public DataViewSchema Schema => _binding.OutputSchema;

    /// <inheritdoc/>
    public long? GetRowCount() => _input.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (inputColumns, activeOutputs) = _binding.Split(columnsNeeded);
        return new ScoringCursor(_binding, _input.GetRowCursor(inputColumns, rand), activeOutputs);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var (inputColumns, activeOutputs) = _binding.Split(columnsNeeded);
        var inputs = _input.GetRowCursorSet(inputColumns, n, rand);
        var cursors = new DataViewRowCursor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            cursors[i] = new ScoringCursor(_binding, inputs[i], activeOutputs); // each makes its own scorer
        return cursors;
    }
}
