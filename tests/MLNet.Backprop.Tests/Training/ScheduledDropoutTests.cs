using Microsoft.ML;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class ScheduledDropoutTests
{
    [Fact]
    public void Factor_FlatCosine_IsTheFormulaAtEachEpochMidpoint()
    {
        const int total = 20;

        for (int epoch = 0; epoch < total; epoch++)
        {
            double t = (epoch + 0.5) / total;
            float expected = (float)(0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(2 * t - 1, 0, 1))));
            ScheduledDropout.Factor(DropoutScheduleKind.FlatCosine, epoch, total).ShouldBe(expected, $"epoch {epoch}");
        }
        ScheduledDropout.Factor(DropoutScheduleKind.FlatCosine, 9, total).ShouldBe(1f); // the first half is flat
        ScheduledDropout.Factor(DropoutScheduleKind.FlatCosine, 15, total).ShouldBe(0.5f * (1 + MathF.Cos(MathF.PI * 0.55f)), 1e-6f);
        ScheduledDropout.Factor(DropoutScheduleKind.FlatCosine, total, total).ShouldBe(0f);
        ScheduledDropout.Factor(DropoutScheduleKind.Constant, 19, total).ShouldBe(1f);
    }

    [Fact]
    public void Forward_FactorZero_TrainsAsWithoutDropoutAndBackwardUsesAnAllOnesMask()
    {
        NeuralNetwork Network(float dropout) => NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = [InputPartDescription.Dense(3)], HiddenLayers = [6], OutputSize = 1, Activation = Activation.Tanh, Dropout = dropout, Seed = 4,
        });
        var dropped = Network(0.5f);
        var plain = Network(0f);
        dropped.DropoutFactor = 0f;
        var x = TestData.Normal(5 * 3, 2);
        var wsDropped = new Workspace(dropped, 5);
        var wsPlain = new Workspace(plain, 5);

        var a = dropped.Forward(wsDropped, x, 5, training: true, new Rng(1), 1).ToArray();
        var b = plain.Forward(wsPlain, x, 5, training: true, new Rng(1), 1).ToArray();
        a.ShouldBe(b);
        TestData.Normal(5, 3).CopyTo(wsDropped.Delta[^1], 0);
        TestData.Normal(5, 3).CopyTo(wsPlain.Delta[^1], 0);
        dropped.Backward(wsDropped, x, 5, 1);
        plain.Backward(wsPlain, x, 5, 1);
        for (int p = 0; p < plain.Parameters.Count; p++) dropped.Parameters[p].Gradients.ShouldBe(plain.Parameters[p].Gradients);
    }

    [Fact]
    public void Fit_FlatCosine_DiffersFromConstantDropoutAndLeavesTheRateAsSet()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 300, 1);
        BackpropTransformer Fit(DropoutScheduleKind kind) => ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 6, Seed = 2, EnsembleSize = 1, Dropout = 0.3f, DropoutSchedule = kind,
        }).Fit(data);

        var scheduled = Fit(DropoutScheduleKind.FlatCosine);
        var constant = Fit(DropoutScheduleKind.Constant);

        scheduled.Model.Network.Layers[0].Weights.ToArray().ShouldNotBe(constant.Model.Network.Layers[0].Weights.ToArray());
        scheduled.Model.Network.Layers[0].DropoutRate.ShouldBe(0.3f);
        scheduled.Model.Network.DropoutFactor.ShouldBe(1f);
    }

    [Fact]
    public void Constructor_FlatCosineWithMicroBatches_ThrowsNamingBothOptions()
    {
        var options = new BackpropTrainer.Options { DropoutSchedule = DropoutScheduleKind.FlatCosine, MicroBatchSize = 8 };

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(new MLContext(), options));

        e.ParamName.ShouldBe("DropoutSchedule");
        e.Message.ShouldContain("MicroBatchSize is 8");
    }
}
