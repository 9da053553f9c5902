using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>What the context tells the checks: the run's decoupled weight decay and initial bias, and the settings advice
/// that raises the learning rate suggests so that the options accept them.</summary>
public class DiagnosisContextTests
{
    private static DiagnosisContext Context(float decay) => new() { Activations = [Activation.Identity], ParameterCounts = [1], WeightDecay = decay };

    [Theory]
    [InlineData(0f, 10.0)]     // no decay
    [InlineData(0.01f, 0.1)]   // AdamW's default at a raised 0.1: 1e-3 a step
    [InlineData(0.1f, 3e-3)]   // 3e-4 a step
    public void SuggestedWeightDecay_DecayAStepWithinTheBound_None(float decay, double rate)
    {
        Context(decay).SuggestedWeightDecay(rate).ShouldBeNull();
        Context(decay).RaisedLearningRateSetting(rate).ShouldBe($"LearningRate = {rate:G3}");
    }

    [Theory]
    [InlineData(2e4f, 1e-4, 10.0)]
    [InlineData(0.05f, 0.3, 3e-3)]  // 1e-3 / 0.3 = 0.0033 rounded down
    [InlineData(30f, 1e-4, 10.0)]   // 3e-3 a step, within what the options accept, lowered all the same
    public void SuggestedWeightDecay_DecayAStepBeyondTheBound_LargestOneDigitValueWithinIt(float decay, double rate, double expected)
    {
        double suggested = Context(decay).SuggestedWeightDecay(rate).ShouldNotBeNull();

        suggested.ShouldBe(expected, expected * 1e-9);
        (rate * suggested).ShouldBeLessThanOrEqualTo(DiagnosisContext.LargestSuggestedDecayStep * (1 + 1e-9));
        Context(decay).RaisedLearningRateSetting(rate).ShouldStartWith($"LearningRate = {rate:G3} and WeightDecay = {expected:G3}: at that rate WeightDecay = ");
    }

    [Fact]
    public void RaisedLearningRateSetting_ProductBeyondOne_SaysTheOptionsRefuseIt()
    {
        Context(2e4f).RaisedLearningRateSetting(1e-4).ShouldBe("LearningRate = 0.0001 and WeightDecay = 10: at that rate WeightDecay = 2E+04 would " +
            "decay the weights by LearningRate × WeightDecay = 2 a step, and the options refuse more than 1: each step would flip the weights' sign");
        Context(30f).RaisedLearningRateSetting(1e-4).ShouldEndWith("would decay the weights by LearningRate × WeightDecay = 0.003 a step, and this keeps it at most 0.001");
    }

    [Fact]
    public void Create_AnyNetwork_InitialWeightRmsIsTheWeightMatricesRootMeanSquare()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 4, HiddenLayers = [5], Seed = 1 });
        var weights = network.Layers.SelectMany(l => l.WeightParameter.Values).Select(v => (double)v).ToArray();

        var context = DiagnosisContext.Create(network, new TrainingOptions { NumberOfEpochs = 1 }, hasValidation: false);

        weights.Length.ShouldBe(4 * 5 + 5 * 1);
        context.InitialWeightRms.ShouldBe(Math.Sqrt(weights.Sum(w => w * w) / weights.Length), 1e-12);
        context.InitialWeightNorm.ShouldBe(context.InitialWeightRms * Math.Sqrt(weights.Length), 1e-6);
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW, null, 0.01f)]
    [InlineData(OptimizerKind.Adam, null, 0f)]
    [InlineData(OptimizerKind.Sgd, 0.5f, 0.5f)]
    public void Create_WeightDecayNullOrSet_TheRulesEffectiveDecay(OptimizerKind optimizer, float? set, float expected)
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [3], InitialBias = -0.5f, Seed = 1 });
        var options = new TrainingOptions { NumberOfEpochs = 1, Optimizer = optimizer, OptimizerSettings = new OptimizerSettings { WeightDecay = set } };

        var context = DiagnosisContext.Create(network, options, hasValidation: false);

        context.WeightDecay.ShouldBe(expected);
        context.InitialBias.ShouldBe(-0.5f);
    }

    [Theory]
    [InlineData(0.0347, 0.03)]
    [InlineData(10.000000000000002, 10)]
    [InlineData(9.999999999999998, 10)] // 1e-3 / 1e-4 in double
    [InlineData(0.0033333, 0.003)]
    [InlineData(7, 7)]
    public void Floor1_PositiveValues_RoundedDownToOneDigit(double value, double expected)
    {
        DiagnosisMath.Floor1(value).ShouldBe(expected, expected * 1e-12);
    }
}
