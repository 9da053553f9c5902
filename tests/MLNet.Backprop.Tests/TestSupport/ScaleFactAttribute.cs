namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A long-running scale check: skipped (with the reason shown) unless MLNET_BACKPROP_SCALE=1.</summary>
public sealed class ScaleFactAttribute : FactAttribute
{
    public ScaleFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MLNET_BACKPROP_SCALE") != "1")
            Skip = "Scale check (minutes, GBs): run with MLNET_BACKPROP_SCALE=1 dotnet test -c Release --filter FullyQualifiedName~ScaleTests";
    }
}
