using MLNet.Backprop.Quality.CommandLine;

namespace MLNet.Backprop.Quality.Tests;

public class SeedListTests
{
    [Fact]
    public void Parse_Range_Inclusive() => SeedList.Parse("--seeds", "0-9").ShouldBe(Enumerable.Range(0, 10));

    [Fact]
    public void Parse_SingleSeedRange_OneSeed() => SeedList.Parse("--seeds", "4-4").ShouldBe([4]);

    [Fact]
    public void Parse_Overlap_ThrowsNamingTheOption() =>
        Should.Throw<UsageException>(() => SeedList.Parse("--seeds", "0-3,2-5")).Message.ShouldContain("'--seeds' names a seed twice");

    [Theory]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 0, 3, 5 }, "0, 3, 5")]
    [InlineData(new[] { 0, 1, 2, 3, 4, 7 }, "0-4, 7")]
    public void Format_ConsecutiveSeeds_AsRanges(int[] seeds, string expected) => SeedList.Format(seeds).ShouldBe(expected);
}
