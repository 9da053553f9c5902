namespace MLNet.Backprop.Quality.CommandLine;

/// <summary>A bad command line: reported as one message and exit code 2, without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
