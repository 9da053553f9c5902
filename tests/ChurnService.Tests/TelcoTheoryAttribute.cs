using MLNet.Backprop.Tests.TestSupport;

namespace ChurnService.Tests;

/// <summary>A theory skipped, with the reason shown, when the Telco data is not beside the repository.</summary>
public sealed class TelcoTheoryAttribute : TheoryAttribute
{
    public TelcoTheoryAttribute()
    {
        if (Telco.Directory is null) Skip = Telco.SkipReason;
    }
}
