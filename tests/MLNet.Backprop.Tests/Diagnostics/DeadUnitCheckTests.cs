using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>The dead-unit finding names a negative InitialBias as the cause only when the units were dead from the
/// first epoch on (dead before any step could kill them).</summary>
public class DeadUnitCheckTests
{
    /// <summary>Five epochs of a one-hidden-layer ReLU network whose layer 0 is dead (every unit) from
    /// <paramref name="deadFrom"/> on.</summary>
    private static TrainingHistory History(int deadFrom)
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= 5; e++)
            history.Add(new EpochReport
            {
                Epoch = e, TrainingLoss = 1, LearningRate = 0.01f,
                Layers = [new LayerStatistics { Layer = 0, DeadUnitShare = e >= deadFrom ? 1 : 0 }, new LayerStatistics { Layer = 1 }],
            });
        return history;
    }

    private static Finding Dead(int deadFrom, float bias) => new DeadUnitCheck().Check(History(deadFrom),
        new DiagnosisContext { Activations = [Activation.ReLU, Activation.Identity], ParameterCounts = [10, 2], LearningRate = 0.01f, InitialBias = bias },
        complete: true).ShouldHaveSingleItem();

    [Fact]
    public void Check_NegativeInitialBiasDeadFromTheFirstEpoch_NamesInitialBiasFirst()
    {
        var finding = Dead(deadFrom: 1, bias: -2f);

        finding.Message.ShouldEndWith("; InitialBias = -2 explains it: every hidden unit starts with that bias, which pushes its pre-activation below 0, " +
            "and these units were dead from the first epoch on");
        finding.Advice.ShouldBe("set InitialBias = 0 (the default); if units still die, use LeakyReLU (Activation = LeakyReLU) or ELU; lower the learning " +
            "rate (LearningRate = 0.001), keep InitialBias ≥ 0");
        finding.Evidence["InitialBias"].ShouldBe(-2);
        finding.Evidence["SuggestedInitialBias"].ShouldBe(0);
    }

    [Theory]
    [InlineData(3, -2f)] // died during training: the learning rate's, whatever the bias
    [InlineData(1, 0f)]
    [InlineData(1, 0.1f)]
    public void Check_UnitsThatDiedLaterOrABiasAtLeastZero_DoNotNameInitialBias(int deadFrom, float bias)
    {
        var finding = Dead(deadFrom, bias);

        finding.Message.ShouldNotContain("InitialBias");
        finding.Advice.ShouldStartWith("use LeakyReLU");
        finding.Evidence.ShouldNotContainKey("SuggestedInitialBias");
    }
}
