namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A test of Unix file modes: skipped, with the reason shown, on Windows (which has no such modes).</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Unix file modes do not exist on Windows.";
    }
}
