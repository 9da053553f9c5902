using MLNet.Backprop.Training.Optimizers;
using static MLNet.Backprop.Tests.Training.Optimizers.OptimizerTestData;

namespace MLNet.Backprop.Tests.Training.Optimizers;

public class AdagradTests
{
    [Theory]
    [InlineData(1e-8f, 0f)]
    [InlineData(1e-3f, 0.1f)]
    public void Step_ThreeSteps_MatchesScalarFormulaAndSumOfSquaresExactly(float epsilon, float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new Adagrad(parameters, epsilon, weightDecay);
        float[][] w = CopyValues(parameters), sum = Zeros(parameters);

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
                    sum[p][i] = sum[p][i] + g[i] * g[i];
                    w[p][i] = w[p][i] - lr * g[i] / (MathF.Sqrt(sum[p][i]) + epsilon);
                }
            }
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++) optimizer.SumOfSquares(p).ToArray().ShouldBe(sum[p]);
        }
    }
}

public class RmsPropTests
{
    [Theory]
    [InlineData(0.9f, 1e-8f, 0f)]
    [InlineData(0.99f, 1e-6f, 0.1f)]
    [InlineData(0f, 1e-8f, 0f)]
    public void Step_ThreeSteps_MatchesScalarFormulaAndMeanSquareExactly(float rho, float epsilon, float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new RmsProp(parameters, rho, epsilon, weightDecay);
        float[][] w = CopyValues(parameters), s = Zeros(parameters);
        float oneMinusRho = 1f - rho;

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
                    s[p][i] = rho * s[p][i] + oneMinusRho * (g[i] * g[i]);
                    w[p][i] = w[p][i] - lr * g[i] / (MathF.Sqrt(s[p][i]) + epsilon);
                }
            }
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++) optimizer.MeanSquare(p).ToArray().ShouldBe(s[p]);
        }
    }
}

public class AdamTests
{
    /// <summary>The documented Adam step, one element at a time; bias corrections in double, rounded once.</summary>
    internal static void ExpectedAdamStep(
        float[][] w, float[][] m, float[][] v, IReadOnlyList<MLNet.Backprop.Network.Parameter> parameters,
        float lr, float beta1, float beta2, float epsilon, int t)
    {
        float biasCorrection1 = (float)(1.0 - Math.Pow(beta1, t));
        float biasCorrection2 = (float)(1.0 - Math.Pow(beta2, t));
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] g = parameters[p].Gradients;
            for (int i = 0; i < g.Length; i++)
            {
                m[p][i] = beta1 * m[p][i] + oneMinusBeta1 * g[i];
                v[p][i] = beta2 * v[p][i] + oneMinusBeta2 * (g[i] * g[i]);
                float mHat = m[p][i] / biasCorrection1;
                float vHat = v[p][i] / biasCorrection2;
                w[p][i] = w[p][i] - lr * mHat / (MathF.Sqrt(vHat) + epsilon);
            }
        }
    }

    [Theory]
    [InlineData(0.9f, 0.999f, 1e-8f)]
    [InlineData(0.5f, 0.9f, 1e-4f)]
    [InlineData(0f, 0f, 1e-8f)]
    public void Step_ThreeSteps_MatchesScalarFormulaAndMomentsExactly(float beta1, float beta2, float epsilon)
    {
        var parameters = CreateParameters();
        var optimizer = new Adam(parameters, beta1, beta2, epsilon);
        float[][] w = CopyValues(parameters), m = Zeros(parameters), v = Zeros(parameters);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(parameters, step);
            ExpectedAdamStep(w, m, v, parameters, LearningRates[step], beta1, beta2, epsilon, t: step + 1);
            optimizer.Step(LearningRates[step]);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++)
            {
                optimizer.FirstMoment(p).ToArray().ShouldBe(m[p]);
                optimizer.SecondMoment(p).ToArray().ShouldBe(v[p]);
            }
        }
    }

    [Fact]
    public void Step_FirstStep_MovesEachNonZeroGradientWeightByAboutLearningRate()
    {
        // With m̂ = g and v̂ = g² at t = 1, the first step is η·g/(|g| + ε) ≈ ±η: the bias correction at work.
        var parameters = CreateParameters();
        float[] before = parameters[0].Values.ToArray();
        SetGradients(parameters, 0);

        new Adam(parameters).Step(0.1f);

        float[] g = parameters[0].Gradients;
        for (int i = 0; i < g.Length; i++)
        {
            float expectedMove = g[i] == 0f ? 0f : -MathF.Sign(g[i]) * 0.1f;
            (parameters[0].Values[i] - before[i]).ShouldBe(expectedMove, 1e-4f);
        }
    }
}

public class AdamWTests
{
    [Theory]
    [InlineData(0.01f)]
    [InlineData(0.5f)]
    public void Step_ThreeSteps_MatchesDecayThenAdamExactly(float weightDecay)
    {
        var parameters = CreateParameters();
        var optimizer = new AdamW(parameters, weightDecay);
        float[][] w = CopyValues(parameters), m = Zeros(parameters), v = Zeros(parameters);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(parameters, step);
            float lr = LearningRates[step];
            ApplyWeightDecay(parameters, w, lr, weightDecay);
            AdamTests.ExpectedAdamStep(w, m, v, parameters, lr, 0.9f, 0.999f, 1e-8f, t: step + 1);
            optimizer.Step(lr);
            ShouldMatch(parameters, w);
            for (int p = 0; p < parameters.Length; p++)
            {
                optimizer.FirstMoment(p).ToArray().ShouldBe(m[p]);
                optimizer.SecondMoment(p).ToArray().ShouldBe(v[p]);
            }
        }
    }

    [Fact]
    public void Constructor_Defaults_WeightDecayIsOneHundredth()
    {
        new AdamW(CreateParameters()).WeightDecay.ShouldBe(0.01f);
        new Adam(CreateParameters()).WeightDecay.ShouldBe(0f);
    }

    [Fact]
    public void Step_WithDecay_DiffersFromAdamOnWeightsButNotBiases()
    {
        var adamW = CreateParameters();
        var adam = CreateParameters();
        var optimizerW = new AdamW(adamW, weightDecay: 0.1f);
        var optimizer = new Adam(adam);

        for (int step = 0; step < 3; step++)
        {
            SetGradients(adamW, step);
            SetGradients(adam, step);
            optimizerW.Step(LearningRates[step]);
            optimizer.Step(LearningRates[step]);
        }

        adamW[0].Values.ShouldNotBe(adam[0].Values);
        adamW[1].Values.ShouldBe(adam[1].Values);
    }
}
