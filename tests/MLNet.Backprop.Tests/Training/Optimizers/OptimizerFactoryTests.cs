using MLNet.Backprop.Training.Optimizers;
using static MLNet.Backprop.Tests.Training.Optimizers.OptimizerTestData;

namespace MLNet.Backprop.Tests.Training.Optimizers;

public class OptimizerFactoryTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd, typeof(Sgd))]
    [InlineData(OptimizerKind.Momentum, typeof(MomentumSgd))]
    [InlineData(OptimizerKind.Nesterov, typeof(NesterovSgd))]
    [InlineData(OptimizerKind.Adagrad, typeof(Adagrad))]
    [InlineData(OptimizerKind.RmsProp, typeof(RmsProp))]
    [InlineData(OptimizerKind.Adam, typeof(Adam))]
    [InlineData(OptimizerKind.AdamW, typeof(AdamW))]
    public void Create_EachKind_ReturnsThatRule(OptimizerKind kind, Type expected)
    {
        var parameters = CreateParameters();

        var optimizer = OptimizerFactory.Create(kind, parameters, new OptimizerSettings());

        optimizer.ShouldBeOfType(expected);
        optimizer.Parameters.ShouldBeSameAs(parameters);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0f)]
    [InlineData(OptimizerKind.Momentum, 0f)]
    [InlineData(OptimizerKind.Nesterov, 0f)]
    [InlineData(OptimizerKind.Adagrad, 0f)]
    [InlineData(OptimizerKind.RmsProp, 0f)]
    [InlineData(OptimizerKind.Adam, 0f)]
    [InlineData(OptimizerKind.AdamW, 0.01f)]
    public void Create_WeightDecayNotSet_UsesZeroExceptAdamW(OptimizerKind kind, float expected)
    {
        OptimizerFactory.Create(kind, CreateParameters(), new OptimizerSettings()).WeightDecay.ShouldBe(expected);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Create_WeightDecaySet_UsesIt(OptimizerKind kind)
    {
        OptimizerFactory.Create(kind, CreateParameters(), new OptimizerSettings { WeightDecay = 0.25f }).WeightDecay.ShouldBe(0.25f);
        OptimizerFactory.Create(kind, CreateParameters(), new OptimizerSettings { WeightDecay = 0f }).WeightDecay.ShouldBe(0f);
    }

    [Fact]
    public void Create_CustomSettings_PassesEachHyperParameterToItsRule()
    {
        var settings = new OptimizerSettings { Momentum = 0.5f, Beta1 = 0.8f, Beta2 = 0.99f, Epsilon = 1e-6f, RmsPropDecay = 0.95f };

        ((MomentumSgd)OptimizerFactory.Create(OptimizerKind.Momentum, CreateParameters(), settings)).Momentum.ShouldBe(0.5f);
        ((NesterovSgd)OptimizerFactory.Create(OptimizerKind.Nesterov, CreateParameters(), settings)).Momentum.ShouldBe(0.5f);
        ((Adagrad)OptimizerFactory.Create(OptimizerKind.Adagrad, CreateParameters(), settings)).Epsilon.ShouldBe(1e-6f);
        var rmsProp = (RmsProp)OptimizerFactory.Create(OptimizerKind.RmsProp, CreateParameters(), settings);
        rmsProp.Rho.ShouldBe(0.95f);
        rmsProp.Epsilon.ShouldBe(1e-6f);
        var adam = (Adam)OptimizerFactory.Create(OptimizerKind.Adam, CreateParameters(), settings);
        (adam.Beta1, adam.Beta2, adam.Epsilon).ShouldBe((0.8f, 0.99f, 1e-6f));
        var adamW = (AdamW)OptimizerFactory.Create(OptimizerKind.AdamW, CreateParameters(), settings);
        (adamW.Beta1, adamW.Beta2, adamW.Epsilon).ShouldBe((0.8f, 0.99f, 1e-6f));
    }

    [Fact]
    public void OptimizerSettings_Defaults_MatchDocumentedValues()
    {
        var settings = new OptimizerSettings();

        settings.Momentum.ShouldBe(0.9f);
        settings.Beta1.ShouldBe(0.9f);
        settings.Beta2.ShouldBe(0.999f);
        settings.Epsilon.ShouldBe(1e-8f);
        settings.RmsPropDecay.ShouldBe(0.9f);
        settings.WeightDecay.ShouldBeNull();
    }

    [Fact]
    public void Create_UndefinedKind_ThrowsNamingKind()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => OptimizerFactory.Create((OptimizerKind)99, CreateParameters(), new OptimizerSettings()))
            .ParamName.ShouldBe("kind");
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.Nesterov)]
    [InlineData(OptimizerKind.Adagrad)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Step_WithWeightDecay_DecaysWeightMatricesButNotBiases(OptimizerKind kind)
    {
        var decayed = CreateParameters();
        var plain = CreateParameters();
        var withDecay = OptimizerFactory.Create(kind, decayed, new OptimizerSettings { WeightDecay = 0.2f });
        var without = OptimizerFactory.Create(kind, plain, new OptimizerSettings { WeightDecay = 0f });

        for (int step = 0; step < 3; step++)
        {
            SetGradients(decayed, step);
            SetGradients(plain, step);
            withDecay.Step(LearningRates[step]);
            without.Step(LearningRates[step]);
        }

        decayed[0].Values.ShouldNotBe(plain[0].Values);
        decayed[1].Values.ShouldBe(plain[1].Values);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.Nesterov)]
    [InlineData(OptimizerKind.Adagrad)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Step_AfterFirstStep_DoesNotAllocate(OptimizerKind kind)
    {
        var parameters = CreateParameters();
        var optimizer = OptimizerFactory.Create(kind, parameters, new OptimizerSettings());
        SetGradients(parameters, 0);
        optimizer.Step(0.01f);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 10; step++) optimizer.Step(0.01f);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
    }
}
