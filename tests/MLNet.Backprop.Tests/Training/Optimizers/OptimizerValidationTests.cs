using MLNet.Backprop.Training.Optimizers;
using static MLNet.Backprop.Tests.Training.Optimizers.OptimizerTestData;

namespace MLNet.Backprop.Tests.Training.Optimizers;

public class OptimizerValidationTests
{
    [Theory]
    [InlineData(nameof(MomentumSgd), "momentum", -0.1f)]
    [InlineData(nameof(MomentumSgd), "momentum", 1f)]
    [InlineData(nameof(MomentumSgd), "momentum", float.NaN)]
    [InlineData(nameof(NesterovSgd), "momentum", 1.5f)]
    [InlineData(nameof(NesterovSgd), "momentum", float.NaN)]
    [InlineData(nameof(Adagrad), "epsilon", 0f)]
    [InlineData(nameof(Adagrad), "epsilon", float.PositiveInfinity)]
    [InlineData(nameof(RmsProp), "rho", 1f)]
    [InlineData(nameof(RmsProp), "rho", -1f)]
    [InlineData(nameof(RmsProp), "epsilon", -1e-8f)]
    [InlineData(nameof(Adam), "beta1", 1f)]
    [InlineData(nameof(Adam), "beta1", -0.5f)]
    [InlineData(nameof(Adam), "beta2", 1f)]
    [InlineData(nameof(Adam), "beta2", float.NaN)]
    [InlineData(nameof(Adam), "epsilon", 0f)]
    [InlineData(nameof(Adam), "epsilon", float.NaN)]
    [InlineData(nameof(AdamW), "beta1", 1f)]
    [InlineData(nameof(AdamW), "beta2", 2f)]
    [InlineData(nameof(AdamW), "epsilon", float.NegativeInfinity)]
    [InlineData(nameof(AdamW), "weightDecay", -0.01f)]
    [InlineData(nameof(AdamW), "weightDecay", float.PositiveInfinity)]
    [InlineData(nameof(Sgd), "weightDecay", -1f)]
    public void Constructor_InvalidHyperParameter_ThrowsNamingOptionAndValue(string optimizer, string option, float value)
    {
        var parameters = CreateParameters();
        Func<Optimizer> create = (optimizer, option) switch
        {
            (nameof(Sgd), "weightDecay") => () => new Sgd(parameters, value),
            (nameof(MomentumSgd), "momentum") => () => new MomentumSgd(parameters, momentum: value),
            (nameof(NesterovSgd), "momentum") => () => new NesterovSgd(parameters, momentum: value),
            (nameof(Adagrad), "epsilon") => () => new Adagrad(parameters, epsilon: value),
            (nameof(RmsProp), "rho") => () => new RmsProp(parameters, rho: value),
            (nameof(RmsProp), "epsilon") => () => new RmsProp(parameters, epsilon: value),
            (nameof(Adam), "beta1") => () => new Adam(parameters, beta1: value),
            (nameof(Adam), "beta2") => () => new Adam(parameters, beta2: value),
            (nameof(Adam), "epsilon") => () => new Adam(parameters, epsilon: value),
            (nameof(AdamW), "beta1") => () => new AdamW(parameters, beta1: value),
            (nameof(AdamW), "beta2") => () => new AdamW(parameters, beta2: value),
            (nameof(AdamW), "epsilon") => () => new AdamW(parameters, epsilon: value),
            (nameof(AdamW), "weightDecay") => () => new AdamW(parameters, weightDecay: value),
            _ => throw new ArgumentException($"No case for {optimizer}.{option}"),
        };

        var ex = Should.Throw<ArgumentOutOfRangeException>(create);

        ex.ParamName.ShouldBe(option);
        ex.ActualValue.ShouldBe(value);
    }

    [Theory]
    [InlineData(nameof(OptimizerSettings.Momentum), 1f)]
    [InlineData(nameof(OptimizerSettings.Momentum), -0.1f)]
    [InlineData(nameof(OptimizerSettings.Beta1), 1f)]
    [InlineData(nameof(OptimizerSettings.Beta2), float.NaN)]
    [InlineData(nameof(OptimizerSettings.Epsilon), 0f)]
    [InlineData(nameof(OptimizerSettings.Epsilon), float.PositiveInfinity)]
    [InlineData(nameof(OptimizerSettings.RmsPropDecay), 1f)]
    [InlineData(nameof(OptimizerSettings.WeightDecay), -0.5f)]
    [InlineData(nameof(OptimizerSettings.WeightDecay), float.NaN)]
    public void OptimizerSettings_InvalidValue_ThrowsNamingPropertyAndValue(string property, float value)
    {
        Func<OptimizerSettings> create = property switch
        {
            nameof(OptimizerSettings.Momentum) => () => new OptimizerSettings { Momentum = value },
            nameof(OptimizerSettings.Beta1) => () => new OptimizerSettings { Beta1 = value },
            nameof(OptimizerSettings.Beta2) => () => new OptimizerSettings { Beta2 = value },
            nameof(OptimizerSettings.Epsilon) => () => new OptimizerSettings { Epsilon = value },
            nameof(OptimizerSettings.RmsPropDecay) => () => new OptimizerSettings { RmsPropDecay = value },
            nameof(OptimizerSettings.WeightDecay) => () => new OptimizerSettings { WeightDecay = value },
            _ => throw new ArgumentException($"No case for {property}"),
        };

        var ex = Should.Throw<ArgumentOutOfRangeException>(create);

        ex.ParamName.ShouldBe(property);
        ex.ActualValue.ShouldBe(value);
        ex.Message.ShouldContain(property);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Step_InvalidLearningRate_ThrowsNamingIt(float learningRate)
    {
        var optimizer = new Adam(CreateParameters());

        Should.Throw<ArgumentOutOfRangeException>(() => optimizer.Step(learningRate)).ParamName.ShouldBe("learningRate");
        optimizer.StepCount.ShouldBe(0);
    }
}
