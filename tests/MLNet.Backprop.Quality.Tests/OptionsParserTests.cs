using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class OptionsParserTests
{
    private static BackpropTrainer.Options Apply(string text)
    {
        var options = new BackpropTrainer.Options();
        foreach (var setting in OptionsParser.Parse(text)) setting.ApplyTo(options);
        return options;
    }

    [Fact]
    public void Parse_IntArray_SetsHiddenLayers() => Apply("HiddenLayers=128,64").HiddenLayers.ShouldBe([128, 64]);

    [Fact]
    public void Parse_BracketedEmptyArray_GivesNoHiddenLayer() => Apply("HiddenLayers=[]").HiddenLayers.ShouldBeEmpty();

    [Fact]
    public void Parse_FloatInExponentForm_ParsedInvariantly() => Apply("LearningRate=3e-3").LearningRate.ShouldBe(0.003f);

    [Fact]
    public void Parse_EnumInAnyCase_ParsedByName() => Apply("activation=tanh;Optimizer=ADAMW").Optimizer.ShouldBe(OptimizerKind.AdamW);

    [Fact]
    public void Parse_NullableInt_SetOrCleared()
    {
        Apply("EarlyStoppingPatience=10").EarlyStoppingPatience.ShouldBe(10);
        Apply("WeightDecay=null").WeightDecay.ShouldBeNull();
    }

    [Fact]
    public void Parse_Bool_Parsed() => Apply("RestoreBestWeights=false").RestoreBestWeights.ShouldBeFalse();

    [Fact]
    public void Parse_EmptyText_NoSettings() => OptionsParser.Parse(" ; ").ShouldBeEmpty();

    [Fact]
    public void Parse_UnknownProperty_ThrowsNamingIt() =>
        Should.Throw<FormatException>(() => OptionsParser.Parse("HiddenLayerz=3")).Message.ShouldContain("HiddenLayerz");

    [Fact]
    public void Parse_ReservedProperty_Throws() =>
        Should.Throw<FormatException>(() => OptionsParser.Parse("LabelColumnName=x")).Message.ShouldContain("set by the quality tool");

    [Fact]
    public void Parse_RepeatedProperty_Throws() =>
        Should.Throw<FormatException>(() => OptionsParser.Parse("BatchSize=32;batchsize=64")).Message.ShouldContain("twice");

    [Theory]
    [InlineData("BatchSize=many")]
    [InlineData("LearningRate=0,1")]
    [InlineData("Activation=2")]
    [InlineData("Activation=ReLU,Tanh")]
    [InlineData("HiddenLayers=64;32x")]
    [InlineData("RestoreBestWeights=yes")]
    public void Parse_MalformedValue_ThrowsFormatException(string text) => Should.Throw<FormatException>(() => OptionsParser.Parse(text));

    [Fact]
    public void Parse_UnsupportedType_ThrowsNamingIt() =>
        Should.Throw<FormatException>(() => OptionsParser.Parse("CancellationToken=x")).Message.ShouldContain("cannot be set from the command line");

    [Fact]
    public void Parse_NoEqualsSign_Throws() => Should.Throw<FormatException>(() => OptionsParser.Parse("BatchSize"));
}
