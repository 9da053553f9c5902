namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// What a user knows about one data set before modelling it: its file, its task, and the few facts the values
/// themselves do not tell. Everything else (which columns are numeric, which are text) is inferred from the values.
/// </summary>
/// <param name="Name">Short name used on the command line (<c>--sets</c>) and in the tables.</param>
/// <param name="Task">Binary, multiclass or regression.</param>
/// <param name="TrainFile">The CSV, relative to the data folder; the label is its last column.</param>
/// <param name="TestFile">For a fixed train/test split: the test CSV; null for cross-validated sets.</param>
/// <param name="PositiveClass">Binary only: the label string mapped to <c>true</c> (AUC does not depend on the choice).</param>
/// <param name="CategoricalCodes">Columns whose values are digits but mean categories (one-hot encoded, not scaled);
/// <c>"*"</c> means every feature column.</param>
/// <param name="Ignored">Columns that are not features (identifiers).</param>
/// <param name="TextColumns">Columns of free text, featurized with <c>FeaturizeText</c> instead of one-hot encoded.</param>
/// <param name="Normalize">Whether the featurizer ends with <c>NormalizeMeanVariance</c>; false for the wide sparse sets,
/// whose natural ML.NET features (n-grams, one-hot ids) are used as they come.</param>
public sealed record DataSetInfo(
    string Name,
    TaskKind Task,
    string TrainFile,
    string? TestFile = null,
    string? PositiveClass = null,
    IReadOnlyList<string>? CategoricalCodes = null,
    IReadOnlyList<string>? Ignored = null,
    IReadOnlyList<string>? TextColumns = null,
    bool Normalize = true)
{
    /// <summary>Marks every feature column as categorical in <see cref="CategoricalCodes"/>.</summary>
    public const string AllColumns = "*";

    /// <summary>True for a fixed train/test split (no cross-validation).</summary>
    public bool IsFixedSplit => TestFile is not null;

    /// <summary>Whether the feature column <paramref name="column"/> holds category codes.</summary>
    public bool IsCategoricalCode(string column) =>
        CategoricalCodes is { } codes && (codes.Contains(AllColumns) || codes.Contains(column));

    /// <summary>Whether <paramref name="column"/> is free text.</summary>
    public bool IsText(string column) => TextColumns is { } text && text.Contains(column);

    /// <summary>Whether <paramref name="column"/> is left out of the features.</summary>
    public bool IsIgnored(string column) => Ignored is { } ignored && ignored.Contains(column);
}
