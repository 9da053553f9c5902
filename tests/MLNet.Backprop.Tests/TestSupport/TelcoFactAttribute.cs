namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A fact that is skipped, with the reason shown, when the Telco data is not beside the repository.</summary>
public sealed class TelcoFactAttribute : FactAttribute
{
    public TelcoFactAttribute()
    {
        if (Telco.Directory is null) Skip = Telco.SkipReason;
    }
}
