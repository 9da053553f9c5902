namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A fact that is skipped, with the reason shown, when the benchmark CSVs are not beside the repository.</summary>
public sealed class BenchmarksFactAttribute : FactAttribute
{
    public BenchmarksFactAttribute()
    {
        if (!File.Exists(Path.Combine(Benchmarks.Directory ?? "", "boston_housing.csv"))) Skip = Benchmarks.SkipReason;
    }
}

/// <summary>A theory that is skipped, with the reason shown, when the benchmark CSVs are not beside the repository.</summary>
public sealed class BenchmarksTheoryAttribute : TheoryAttribute
{
    public BenchmarksTheoryAttribute()
    {
        if (!File.Exists(Path.Combine(Benchmarks.Directory ?? "", "boston_housing.csv"))) Skip = Benchmarks.SkipReason;
    }
}
