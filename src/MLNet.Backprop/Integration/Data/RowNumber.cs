namespace MLNet.Backprop.Integration.Data;

/// <summary>How an error names a row of the user's data: its cursor position, which counts from 0, said so, because a
/// user reading "row 3" opens the fourth row (the fifth line of a CSV with a header) only when told how rows are counted.</summary>
internal static class RowNumber
{
    /// <summary>"row 3 (counting from 0)".</summary>
    public static string Of(long position) => $"row {position} (counting from 0)";
}
