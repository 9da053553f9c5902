namespace MLNet.Backprop.Quality.Reporting;

/// <summary>One trainer's aggregate on one set: mean and standard deviation over folds, or the error that stopped it.</summary>
/// <param name="Mean">Mean over the folds (the single value of a fixed split).</param>
/// <param name="Std">Sample standard deviation over the folds; NaN for a single value.</param>
/// <param name="Count">How many folds succeeded (for a quality metric: and have it).</param>
/// <param name="Error">The first failure's message, or null when every fold succeeded.</param>
public sealed record Cell(double Mean, double Std, int Count, string? Error)
{
    /// <summary>A failed cell (or one with no result).</summary>
    public static Cell Failure(string error) => new(double.NaN, double.NaN, 0, error);

    /// <summary>True when the cell has a usable mean.</summary>
    public bool Ok => Error is null && Count > 0;
}
