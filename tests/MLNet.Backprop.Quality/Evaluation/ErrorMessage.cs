namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>An exception as one line: its type and message, then those of its inner exceptions.</summary>
public static class ErrorMessage
{
    /// <summary>"Type: message ← Inner: message".</summary>
    public static string Of(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            parts.Add($"{x.GetType().Name}: {x.Message.ReplaceLineEndings(" ")}");
        return string.Join(" ← ", parts);
    }
}
