using MLNet.Backprop;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample's configurations: the input stage they were searched and timed with is spelled out, so a change of
/// the library's defaults cannot move them off their measured fit-time budget.</summary>
public class CandidatesTests
{
    [Fact]
    public void EmbeddingOptions_SamplesConfiguration_SpellsOutTheStageItWasSearchedWith()
    {
        var options = Candidates.EmbeddingOptions(seed: 0);

        options.NumericEncoding.ShouldBe(NumericEncoding.None);
        options.NumericScaling.ShouldBe(NumericScaling.Standard);
        options.LearnFeatureScales.ShouldBeFalse();
    }

    [Fact]
    public void EmbeddingOptions_Defaults_KeepsTheLibrarysAutomaticStage()
    {
        var options = Candidates.EmbeddingOptions(seed: 0, defaults: true);

        options.NumericEncoding.ShouldBe(NumericEncoding.Auto);
        options.NumericScaling.ShouldBe(NumericScaling.Auto);
    }
}
