namespace MLNet.Backprop.Quality.DataSets;

/// <summary>One input column of a data set and how it is featurized.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Index">Its position in the file (0-based).</param>
/// <param name="Kind">Numeric, categorical or ignored.</param>
/// <param name="Missing">How many rows leave it empty.</param>
public sealed record FeatureColumn(string Name, int Index, ColumnKind Kind, int Missing);
