using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The automatic embedding width, min(600, round(1.6·n^0.56)) for a column of n key values, at the figures its
/// documentation quotes and where the rounding steps (n is the key count, without the unknown row: 15 → 7, 16 → 8).</summary>
public class AutomaticEmbeddingWidthTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(14, 7)]       // InstEval's departments
    [InlineData(15, 7)]
    [InlineData(16, 8)]
    [InlineData(28, 10)]      // InstEval's department × service
    [InlineData(50, 14)]
    [InlineData(1_128, 82)]   // InstEval's lecturers
    [InlineData(2_972, 141)]
    [InlineData(1_048_576, 600)]
    public void EmbeddingWidth_KeyCount_FollowsTheRule(int keys, int expected) =>
        AutomaticSettings.EmbeddingWidth(keys).ShouldBe(expected);

    [Theory]
    [InlineData(14)]
    [InlineData(2_972)]
    public void EmbeddingWidth_ScaleOne_IsTheRulesWidth(int keys) =>
        AutomaticSettings.EmbeddingWidth(keys, 1f, BackpropTrainer.Options.MaxEmbeddingWidth).ShouldBe(AutomaticSettings.EmbeddingWidth(keys));
}
