namespace MLNet.Backprop.Distributed.Tests.TestSupport;

/// <summary>A test of Unix devices or symbolic links: skipped, with the reason shown, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Devices such as /dev/zero and symbolic links to them are Unix's.";
    }
}
