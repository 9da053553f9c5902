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
        options.Seed.ShouldBe(0);
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
