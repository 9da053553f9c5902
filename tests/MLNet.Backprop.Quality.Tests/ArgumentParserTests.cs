using MLNet.Backprop.Quality.CommandLine;

namespace MLNet.Backprop.Quality.Tests;

public class ArgumentParserTests
{
    [Fact]
    public void Parse_Quick_TwoFolds() => ArgumentParser.Parse(["--quick"]).EffectiveFolds.ShouldBe(2);

    [Fact]
    public void Parse_NoArguments_FiveFoldsSeedZero()
    {
        var options = ArgumentParser.Parse([]);
        options.EffectiveFolds.ShouldBe(5);
        options.EffectiveSeeds.ShouldBe([0]);
        options.Sets.ShouldBeNull();
        options.PerClass.ShouldBeFalse();
    }

    [Fact]
    public void Parse_PerClass_AsksForEachClassRecall() => ArgumentParser.Parse(["--per-class"]).PerClass.ShouldBeTrue();

    [Fact]
    public void Parse_RepeatedMlp_KeepsEachInOrder() =>
        ArgumentParser.Parse(["--mlp", "a:BatchSize=32", "--mlp=b:BatchSize=16"]).MlpVariants.ShouldBe(["a:BatchSize=32", "b:BatchSize=16"]);

    [Fact]
    public void Parse_Lists_SplitOnCommas() => ArgumentParser.Parse(["--sets", "glass, servo"]).Sets.ShouldBe(["glass", "servo"]);

    [Fact]
    public void Parse_Seed_IsTheOneSeedList() => ArgumentParser.Parse(["--seed", "3"]).EffectiveSeeds.ShouldBe([3]);

    [Fact]
    public void Parse_SeedsRangesAndSingles_ExpandedInOrder() =>
        ArgumentParser.Parse(["--seeds", "5,0-2, 9"]).EffectiveSeeds.ShouldBe([5, 0, 1, 2, 9]);

    [Fact]
    public void Parse_SeedAndSeeds_ThrowsNamingBoth() =>
        Should.Throw<UsageException>(() => ArgumentParser.Parse(["--seeds", "0-1", "--seed", "0"])).Message.ShouldContain("--seed N or --seeds LIST, not both");

    [Fact]
    public void Parse_Reference_Kept() => ArgumentParser.Parse(["--reference", "lightgbm"]).Reference.ShouldBe("lightgbm");

    [Theory]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("0,,2")]
    [InlineData("0-2,2")]
    [InlineData("a-b")]
    [InlineData("1-")]
    public void Parse_BadSeeds_ThrowsUsageException(string seeds) => Should.Throw<UsageException>(() => ArgumentParser.Parse(["--seeds", seeds]));

    [Fact]
    public void Run_SeedAndSeeds_ExitCodeTwoWithMessage()
    {
        var err = new StringWriter();
        QualityApp.Run(["--seed", "0", "--seeds", "0-1"], TextWriter.Null, err).ShouldBe(2);
        err.ToString().ShouldContain("not both");
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--folds", "1")]
    [InlineData("--folds")]
    [InlineData("--quick=yes")]
    [InlineData("--per-class=yes")]
    [InlineData("--seed", "1", "--seed", "2")]
    [InlineData("stray")]
    public void Parse_BadCommandLine_ThrowsUsageException(params string[] args) => Should.Throw<UsageException>(() => ArgumentParser.Parse(args));
}
