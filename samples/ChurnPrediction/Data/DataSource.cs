namespace ChurnPrediction.Data;

/// <summary>The CSV the sample will use, where it came from, and whether its figures mean anything.</summary>
/// <param name="Path">The file.</param>
/// <param name="Description">One line for the console: which file and why.</param>
/// <param name="IsSynthetic">Generated data: results must be shown under a "not real" banner.</param>
public sealed record DataSource(string Path, string Description, bool IsSynthetic);
