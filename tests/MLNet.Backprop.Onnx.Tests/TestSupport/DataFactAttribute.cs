using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>A fact skipped, with the reason shown, when the shared data is not beside the repository.</summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute()
    {
        if (Telco.Directory is null) Skip = Telco.SkipReason;
    }
}

/// <summary>A theory skipped, with the reason shown, when the shared data is not beside the repository.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute()
    {
        if (Telco.Directory is null) Skip = Telco.SkipReason;
    }
}
