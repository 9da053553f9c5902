using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class MlpVariantTests
{
    [Fact]
    public void Parse_NameAndSettings_AppliedOverLibraryDefaults()
    {
        var variant = MlpVariant.Parse("wide:HiddenLayers=128,64;NumberOfEpochs=200;EarlyStoppingPatience=10;ValidationFraction=0.15");
        var options = variant.Options();
        variant.Name.ShouldBe("wide");
        options.HiddenLayers.ShouldBe([128, 64]);
        options.NumberOfEpochs.ShouldBe(200);
        options.ValidationFraction.ShouldBe(0.15f);
        options.BatchSize.ShouldBe(new BackpropTrainer.Options().BatchSize);
        options.LabelColumnName.ShouldBe("Label");
    }

    [Fact]
    public void Options_EachCall_FreshObject()
    {
        var variant = MlpVariant.Parse("a:HiddenLayers=8");
        variant.Options().ShouldNotBeSameAs(variant.Options());
    }

    [Fact]
    public void Parse_NoName_Throws() => Should.Throw<FormatException>(() => MlpVariant.Parse("HiddenLayers=8")).Message.ShouldContain("needs a name");

    [Fact]
    public void Parse_OutOfRangeValue_ThrowsWithLibraryMessage() =>
        Should.Throw<FormatException>(() => MlpVariant.Parse("bad:LearningRate=-1")).Message.ShouldContain("LearningRate");

    [Fact]
    public void ToEntry_Title_NamesVariant() => MlpVariant.Parse("deep:HiddenLayers=8,8").ToEntry().Title.ShouldBe("MLP:deep");
}
