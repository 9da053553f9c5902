using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

public class LearningRateScheduleTests
{
    [Fact]
    public void ConstantSchedule_AnyEpoch_ReturnsLearningRate()
    {
        var schedule = new ConstantSchedule(0.03f);

        for (int epoch = 0; epoch < 20; epoch++) schedule.GetLearningRate(epoch).ShouldBe(0.03f);
    }

    [Fact]
    public void StepDecaySchedule_Epochs0To11_HalvesEveryThreeEpochs()
    {
        var schedule = new StepDecaySchedule(0.1f, stepSize: 3, gamma: 0.5f);
        float[] expected = [0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f, 0.025f, 0.025f, 0.0125f, 0.0125f, 0.0125f];

        for (int epoch = 0; epoch < expected.Length; epoch++)
        {
            // Halving is exact in binary, so lr·γ^k rounds to the same float as the literal.
            schedule.GetLearningRate(epoch).ShouldBe(expected[epoch]);
            schedule.GetLearningRate(epoch).ShouldBe((float)(0.1f * Math.Pow(0.5f, epoch / 3)));
        }
    }

    [Fact]
    public void ExponentialSchedule_Epochs0To9_MatchesFormula()
    {
        var schedule = new ExponentialSchedule(0.1f, gamma: 0.9f);

        schedule.GetLearningRate(0).ShouldBe(0.1f);
        for (int epoch = 0; epoch < 10; epoch++)
        {
            schedule.GetLearningRate(epoch).ShouldBe((float)(0.1f * Math.Pow(0.9f, epoch)));
        }
        schedule.GetLearningRate(2).ShouldBe(0.081f, 1e-7f);
    }

    [Fact]
    public void CosineSchedule_Epochs0To13_FallsFromLearningRateToMinimumThenStays()
    {
        const float lr = 0.1f, min = 0.001f;
        const int total = 10;
        var schedule = new CosineSchedule(lr, total, min);

        schedule.GetLearningRate(0).ShouldBe(lr);
        schedule.GetLearningRate(total / 2).ShouldBe((lr + min) / 2, 1e-7f);
        for (int epoch = 0; epoch < total; epoch++)
        {
            float expected = (float)(min + 0.5 * ((double)lr - min) * (1.0 + Math.Cos(Math.PI * epoch / total)));
            schedule.GetLearningRate(epoch).ShouldBe(expected);
            if (epoch > 0) schedule.GetLearningRate(epoch).ShouldBeLessThan(schedule.GetLearningRate(epoch - 1));
        }
        for (int epoch = total; epoch < total + 4; epoch++) schedule.GetLearningRate(epoch).ShouldBe(min);
    }

    [Theory]
    [InlineData(LearningRateScheduleKind.Constant, typeof(ConstantSchedule))]
    [InlineData(LearningRateScheduleKind.StepDecay, typeof(StepDecaySchedule))]
    [InlineData(LearningRateScheduleKind.Exponential, typeof(ExponentialSchedule))]
    [InlineData(LearningRateScheduleKind.Cosine, typeof(CosineSchedule))]
    public void Create_EachKind_ReturnsThatScheduleStartingAtLearningRate(LearningRateScheduleKind kind, Type expected)
    {
        var schedule = LearningRateSchedule.Create(kind, 0.05f, totalEpochs: 20, stepSize: 5, gamma: 0.5f, minimumLearningRate: 0f);

        schedule.ShouldBeOfType(expected);
        schedule.GetLearningRate(0).ShouldBe(0.05f);
    }

    [Fact]
    public void CosLogSchedule_EveryEpoch_IsTheFormulaAtTheEpochMidpoint()
    {
        const float lr = 0.1f, min = 0.001f;
        const int total = 30;
        var schedule = (CosLogSchedule)LearningRateSchedule.Create(LearningRateScheduleKind.CosLog4, lr, total, stepSize: 5, gamma: 0.5f, min);

        for (int epoch = 0; epoch < total; epoch++)
        {
            double t = (epoch + 0.5) / total;
            float expected = (float)(min + ((double)lr - min) * 0.5 * (1 - Math.Cos(2 * Math.PI * Math.Log(1 + 15 * t, 2))));
            schedule.GetLearningRate(epoch).ShouldBe(expected, $"epoch {epoch}");
            schedule.GetLearningRate(epoch).ShouldBeInRange(min, lr);
        }
        for (int epoch = total; epoch < total + 3; epoch++) schedule.GetLearningRate(epoch).ShouldBe(min);
    }

    [Fact]
    public void CosLogSchedule_FourCycles_EndsAtOneFifteenthThreeSeventhAndOne()
    {
        // log₂(1 + 15t) is an integer at t = 1/15, 3/15, 7/15 and 1: the rate's minima; maxima halfway (in log) between.
        const int total = 15 * 64;
        var schedule = new CosLogSchedule(1f, total, 0f);
        float At(double t) => schedule.GetLearningRate((int)Math.Round(t * total - 0.5));

        foreach (double end in new[] { 1.0 / 15, 3.0 / 15, 7.0 / 15 }) At(end).ShouldBeLessThan(1e-3f, $"t = {end}");
        foreach (double peak in new[] { (Math.Sqrt(2) - 1) / 15, (Math.Pow(2, 1.5) - 1) / 15, (Math.Pow(2, 2.5) - 1) / 15, (Math.Pow(2, 3.5) - 1) / 15 })
            At(peak).ShouldBeGreaterThan(0.999f, $"t = {peak}");
        schedule.GetLearningRate(total - 1).ShouldBeLessThan(1e-4f);
    }

    [Fact]
    public void Create_StepDecay_PassesStepSizeAndGamma()
    {
        var schedule = LearningRateSchedule.Create(LearningRateScheduleKind.StepDecay, 0.1f, totalEpochs: 1, stepSize: 2, gamma: 0.5f, minimumLearningRate: 0f);

        schedule.GetLearningRate(1).ShouldBe(0.1f);
        schedule.GetLearningRate(2).ShouldBe(0.05f);
    }
}
