using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// Scores single rows; what <c>CreatePredictionEngine</c> uses (through <c>ITransformer.GetRowToRowMapper</c>) instead
/// of a data view.
/// </summary>
/// <remarks>
/// Reading an output throws <see cref="InvalidDataException"/> for a row whose features hold NaN or infinity or have the
/// wrong length (see <see cref="ScoredRowValues.GetGetter{T}"/>).
/// </remarks>
internal sealed class ScoringRowMapper : IRowToRowMapper
{
    private readonly ScoringBinding _binding;

    /// <summary>Binds the model to <paramref name="inputSchema"/>, the data's key numbering included
    /// (<see cref="IScorerFactory.TrainedKeys"/>, <see cref="ScoringKeys"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or has the wrong type or size, or a
    /// categorical column is missing, not a key, or numbered differently from the training data.</exception>
    public ScoringRowMapper(DataViewSchema inputSchema, string featureColumnName, IScorerFactory factory)
    {
        _binding = new ScoringBinding(inputSchema, featureColumnName, factory);
    }

    /// <inheritdoc/>
    public DataViewSchema InputSchema => _binding.InputSchema;

    /// <inheritdoc/>
    public DataViewSchema OutputSchema => _binding.OutputSchema;

    /// <inheritdoc/>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        _binding.Split(dependingColumns).InputColumns;

    /// <inheritdoc/>
    /// <remarks>The returned row owns <paramref name="input"/> and disposes it.</remarks>
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Schema.Count != _binding.InputSchema.Count)
            throw new ArgumentException("The row's schema is not the schema this mapper was bound to.", nameof(input));
        return new ScoringRow(_binding, input, _binding.Split(activeColumns).ActiveOutputs);
    }
}
