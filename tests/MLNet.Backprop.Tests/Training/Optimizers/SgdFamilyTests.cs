using MLNet.Backprop.Training.Optimizers;
using static MLNet.Backprop.Tests.Training.Optimizers.OptimizerTestData;

namespace MLNet.Backprop.Tests.Training.Optimizers;

public class SgdTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void Step_ThreeSteps_MatchesScalarFormulaExactly(float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new Sgd(parameters, weightDecay);
        float[][] w = CopyValues(parameters);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(parameters, step);
            float lr = LearningRates[step];
            ApplyWeightDecay(parameters, w, lr, weightDecay);
            for (int p = 0; p < parameters.Length; p++)
            {
                float[] g = parameters[p].Gradients;
                for (int i = 0; i < g.Length; i++) w[p][i] = w[p][i] - lr * g[i];
            }
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
        }
        optimizer.StepCount.ShouldBe(3);
    }
}

public class MomentumSgdTests
{
    [Theory]
    [InlineData(0.9f, 0f)]
    [InlineData(0.5f, 0.1f)]
    public void Step_ThreeSteps_MatchesScalarFormulaAndVelocityExactly(float momentum, float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new MomentumSgd(parameters, momentum, weightDecay);
        float[][] w = CopyValues(parameters), v = Zeros(parameters);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(parameters, step);
            float lr = LearningRates[step];
            ApplyWeightDecay(parameters, w, lr, weightDecay);
            for (int p = 0; p < parameters.Length; p++)
            {
                float[] g = parameters[p].Gradients;
                for (int i = 0; i < g.Length; i++)
                {
                    v[p][i] = momentum * v[p][i] + g[i];
                    w[p][i] = w[p][i] - lr * v[p][i];
                }
            }
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++) optimizer.Velocity(p).ToArray().ShouldBe(v[p]);
        }
    }

    [Fact]
    public void Step_FirstStep_EqualsPlainSgd()
    {
        var withMomentum = CreateParameters();
        var plain = CreateParameters();
        SetGradients(withMomentum, 0);
        SetGradients(plain, 0);

        new MomentumSgd(withMomentum, 0.9f).Step(0.1f);
        new Sgd(plain).Step(0.1f);

        for (int p = 0; p < plain.Length; p++) withMomentum[p].Values.ShouldBe(plain[p].Values);
    }
}

public class NesterovSgdTests
{
    [Theory]
    [InlineData(0.9f, 0f)]
    [InlineData(0.5f, 0.1f)]
    public void Step_ThreeSteps_MatchesScalarFormulaAndVelocityExactly(float momentum, float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new NesterovSgd(parameters, momentum, weightDecay);
        float[][] w = CopyValues(parameters), v = Zeros(parameters);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(parameters, step);
            float lr = LearningRates[step];
            ApplyWeightDecay(parameters, w, lr, weightDecay);
            for (int p = 0; p < parameters.Length; p++)
            {
                float[] g = parameters[p].Gradients;
                for (int i = 0; i < g.Length; i++)
                {
                    v[p][i] = momentum * v[p][i] + g[i];
                    w[p][i] = w[p][i] - lr * (g[i] + momentum * v[p][i]);
                }
            }
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++) optimizer.Velocity(p).ToArray().ShouldBe(v[p]);
        }
    }

    [Fact]
    public void Step_SameGradients_DiffersFromHeavyBallMomentum()
    {
        var nesterov = CreateParameters();
        var heavyBall = CreateParameters();
        SetGradients(nesterov, 0);
        SetGradients(heavyBall, 0);

        new NesterovSgd(nesterov, 0.9f).Step(0.1f);
        new MomentumSgd(heavyBall, 0.9f).Step(0.1f);

        nesterov[0].Values.ShouldNotBe(heavyBall[0].Values);
    }
}
