using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    // The one translation of the public options into the engine's settings (the options were checked when the trainer
    // was created, so the engine trusts them). The fit plan sets what depends on the data and the network (sizes,
    // seeds, automatic epochs and patience, threads) with `with`.
    public sealed partial class Options
    {
        internal NetworkOptions ToNetworkOptions() => new()
        {
            HiddenLayers = HiddenLayers,
            Activation = ActivationSpec.Of(Activation, LeakyReluSlope, EluAlpha),
            Initialization = Initialization,
            InitialBias = InitialBias,
            Dropout = Dropout,
            NumberOfThreads = NumberOfThreads,
        };

        internal TrainingOptions ToTrainingOptions(LossSpec loss) => new()
        {
            Loss = loss,
            // Automatic epochs are at most this many; each network's rows fix its own count (FitPlan.ForNetwork).
            NumberOfEpochs = NumberOfEpochs ?? Defaults.MaximumEpochs,
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
            DropoutSchedule = DropoutSchedule,
            L2Regularization = L2Regularization,
            GradientClipNorm = GradientClipNorm,
            GradientClipValue = GradientClipValue,
            NumberOfThreads = NumberOfThreads,
            EarlyStoppingPatience = EarlyStoppingPatience,
            EarlyStoppingMetric = EarlyStoppingMetric,
            EarlyStoppingMinDelta = EarlyStoppingMinDelta,
            RestoreBestWeights = RestoreBestWeights,
            OnDivergence = OnDivergence,
            RecordDiagnostics = RecordDiagnostics,
            SparseUpdates = SparseUpdates ?? Defaults.SparseUpdates,
            CompactSparseGradient = !DenseSparseGradient,
        };
    }
}
