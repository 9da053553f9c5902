using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Numerics;

public class PhaseClockTests
{
    [Fact]
    public void Train_WithClockRunning_CountsEveryStepAndChargesEveryPhaseOfTheLoop()
    {
        var data = Problems.Spiral(40, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [16, 8], OutputSize = 3, Seed = 3 });
        var options = new TrainingOptions { LearningRate = 1e-3f, Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 3, BatchSize = 16, Seed = 3, NumberOfThreads = 1 };

        var clock = PhaseClock.Start();
        try
        {
            MlpTrainer.Train(network, data, options);
        }
        finally
        {
            clock.Stop();
        }

        clock.Steps.ShouldBe(3 * ((120 + 15) / 16));
        foreach (var phase in Enum.GetValues<TrainingPhase>().Where(p => p != TrainingPhase.Encoding)) // a dense input encodes nothing
            clock.Seconds(phase).ShouldBeGreaterThan(0, phase.ToString());
        clock.Seconds(TrainingPhase.Encoding).ShouldBe(0);
    }

    [Fact]
    public void Train_PeriodicInputWithClockRunning_ChargesTheEncoding()
    {
        var data = Problems.Spiral(40, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = [InputPartDescription.Periodic(new PeriodicFeatures(2, frequencies: 3, width: 4, scale: 0.5f))],
            Activation = Activation.ReLU, HiddenLayers = [8], OutputSize = 3, Seed = 3,
        });
        var options = new TrainingOptions { LearningRate = 1e-3f, Loss = LossFunction.SoftmaxCrossEntropy, NumberOfEpochs = 2, BatchSize = 16, Seed = 3, NumberOfThreads = 1 };

        var clock = PhaseClock.Start();
        try
        {
            MlpTrainer.Train(network, data, options);
        }
        finally
        {
            clock.Stop();
        }

        clock.Seconds(TrainingPhase.Encoding).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Start_WhileAnotherRuns_ThrowsAndLeavesTheFirstRunning()
    {
        var first = PhaseClock.Start();
        try
        {
            Should.Throw<InvalidOperationException>(() => PhaseClock.Start());
            PhaseClock.Mark(TrainingPhase.Optimizer);
            first.Steps.ShouldBe(1);
        }
        finally
        {
            first.Stop();
        }
        PhaseClock.Start().Stop(); // stopped clocks free the slot
    }

    [Fact]
    public void Mark_FromAnotherThread_IsIgnored()
    {
        var clock = PhaseClock.Start();
        try
        {
            var other = new Thread(() => PhaseClock.Mark(TrainingPhase.Optimizer));
            other.Start();
            other.Join();
            clock.Steps.ShouldBe(0);
        }
        finally
        {
            clock.Stop();
        }
    }
}
