using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    // The one translation of the public options into the engine's settings (the options were checked when the trainer
    // was created, so the engine trusts them).
    public sealed partial class Options
    {
        internal NetworkOptions ToNetworkOptions(int inputSize, int outputSize, ulong seed) => new()
        {
            InputSize = inputSize,
            HiddenLayers = HiddenLayers,
            OutputSize = outputSize,
            Activation = ActivationSpec.Of(Activation, LeakyReluSlope, EluAlpha),
            Initialization = Initialization,
            InitialBias = InitialBias,
            Dropout = Dropout,
            Seed = seed,
            NumberOfThreads = NumberOfThreads,
        };

        internal TrainingOptions ToTrainingOptions(LossFunction loss, ulong seed, int epochs, int? patience) => new()
        {
            Loss = LossSpec.Of(loss, HuberDelta),
            NumberOfEpochs = epochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            Optimizer = Optimizer,
            OptimizerSettings = new OptimizerSettings
            {
                Momentum = Momentum,
                Beta1 = Beta1,
                Beta2 = Beta2,
                Epsilon = Epsilon,
                RmsPropDecay = RmsPropDecay,
                WeightDecay = WeightDecay,
            },
            LearningRateSchedule = LearningRateSchedule,
            ScheduleStepSize = ScheduleStepSize,
            ScheduleGamma = ScheduleGamma,
            MinimumLearningRate = MinimumLearningRate,
            L2Regularization = L2Regularization,
            GradientClipNorm = GradientClipNorm,
            GradientClipValue = GradientClipValue,
            Seed = seed,
            NumberOfThreads = NumberOfThreads,
            EarlyStoppingPatience = patience,
            EarlyStoppingMetric = EarlyStoppingMetric,
            EarlyStoppingMinDelta = EarlyStoppingMinDelta,
            RestoreBestWeights = RestoreBestWeights,
            OnDivergence = OnDivergence,
            RecordDiagnostics = RecordDiagnostics,
        };
    }
}
