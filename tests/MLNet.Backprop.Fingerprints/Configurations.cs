using Microsoft.ML;
using MLNet.Backprop;

namespace MLNet.Backprop.Fingerprints;

/// <summary>
/// The fingerprinted runs: the churn sample's model and the default model on the Telco split, a 3-class model, two
/// regression models, a deep sigmoid model (vanishing gradients), every optimizer, schedule, activation and regulariser,
/// divergence handled both ways; each in memory and streaming where that applies, with 1 and 2 threads.
/// </summary>
internal static class Configurations
{
    public static IEnumerable<Configuration> All()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var c in Base()) yield return c with { Name = $"{c.Name}-t{threads}", Options = WithThreads(c.Options, threads) };
        }
    }

    private static Func<BackpropTrainer.Options> WithThreads(Func<BackpropTrainer.Options> make, int threads) => () =>
    {
        var options = make();
        options.NumberOfThreads = threads;
        return options;
    };

    private static (IDataView, IDataView?, IDataView) Churn(MLContext ml)
    {
        var (train, test) = Data.Churn(ml);
        return (train, null, test);
    }

    private static (IDataView, IDataView?, IDataView) ChurnWithValidation(MLContext ml)
    {
        var (train, test) = Data.Churn(ml);
        return (train, test, test);
    }

    private static (IDataView, IDataView?, IDataView) Generated(MLContext ml) =>
        (Data.Generated(ml, 1200, 1), null, Data.Generated(ml, 400, 3));

    private static (IDataView, IDataView?, IDataView) GeneratedWithValidation(MLContext ml) =>
        (Data.Generated(ml, 1200, 1), Data.Generated(ml, 300, 2), Data.Generated(ml, 400, 3));

    private static IEnumerable<Configuration> Base()
    {
        // The churn sample's configuration (ChurnPipeline.TrainerOptions): the automatic hold-out, epochs and early
        // stopping (on validation AUC), an ensemble of 4, balanced classes, and the settings its tuner chose.
        yield return new("churn-sample", Churn, () => new()
        {
            HiddenLayers = [64], L2Regularization = 1e-2f, Dropout = 0.3f, LearningRate = 6.45e-4f, BatchSize = 64, EnsembleSize = 4,
            EarlyStoppingMetric = EarlyStoppingMetric.Auc, ClassWeighting = ClassWeighting.Balanced, Seed = 0,
        });
        // The library's defaults, nothing else: automatic hold-out, epochs and early stopping, standardised features, 4 networks.
        yield return new("churn-default", Churn, () => new() { Seed = 1 });
        yield return new("churn-streaming", ChurnWithValidation, () => new()
        {
            HiddenLayers = [16], Activation = Activation.Tanh, Dropout = 0.1f, BatchSize = 128, NumberOfEpochs = 12,
            EarlyStoppingPatience = 4, EarlyStoppingMetric = EarlyStoppingMetric.Auc, ClassWeighting = ClassWeighting.Balanced,
            DataLoading = DataLoading.Streaming, StreamingBlockSize = 1000, Seed = 2,
        });
        foreach (var loading in new[] { DataLoading.InMemory, DataLoading.Streaming })
        {
            string suffix = loading == DataLoading.Streaming ? "-streaming" : "";
            yield return new("multiclass" + suffix, GeneratedWithValidation, () => new()
            {
                LabelColumnName = "Class", HiddenLayers = [32, 16], NumberOfEpochs = 15, EarlyStoppingPatience = 3,
                EarlyStoppingMetric = EarlyStoppingMetric.Accuracy, DataLoading = loading, StreamingBlockSize = 256, Seed = 3,
            });
            yield return new("regression-elu-adamw-cosine" + suffix, Generated, () => new()
            {
                LabelColumnName = "Value", HiddenLayers = [32], Activation = Activation.ELU, EluAlpha = 0.7f,
                Optimizer = OptimizerKind.AdamW, LearningRate = 3e-3f, LearningRateSchedule = LearningRateScheduleKind.Cosine,
                MinimumLearningRate = 1e-4f, NumberOfEpochs = 20, DataLoading = loading, StreamingBlockSize = 300, Seed = 4,
            });
            yield return new("binary-weighted-balanced-leaky-momentum" + suffix, Generated, () => new()
            {
                LabelColumnName = "Binary", ExampleWeightColumnName = "Weight", ClassWeighting = ClassWeighting.Balanced,
                HiddenLayers = [24, 12], Activation = Activation.LeakyReLU, LeakyReluSlope = 0.05f, Optimizer = OptimizerKind.Momentum,
                LearningRate = 0.02f, GradientClipValue = 0.5f, NumberOfEpochs = 12, DataLoading = loading, StreamingBlockSize = 200, Seed = 5,
            });
        }
        yield return new("regression-huber-gelu-rmsprop-step", GeneratedWithValidation, () => new()
        {
            LabelColumnName = "Value", Loss = LossFunction.Huber, HuberDelta = 0.5f, HiddenLayers = [20, 20], Activation = Activation.GELU,
            Optimizer = OptimizerKind.RmsProp, LearningRate = 2e-3f, LearningRateSchedule = LearningRateScheduleKind.StepDecay,
            ScheduleStepSize = 4, ScheduleGamma = 0.7f, L2Regularization = 1e-4f, NumberOfEpochs = 14, Seed = 6,
        });
        yield return new("deep-sigmoid-sgd", Generated, () => new()
        {
            LabelColumnName = "Binary", HiddenLayers = [16, 16, 16, 16, 16], Activation = Activation.Sigmoid, Optimizer = OptimizerKind.Sgd,
            LearningRate = 0.01f, NumberOfEpochs = 15, Seed = 7,
        });
        yield return new("nesterov-adagrad-exponential", Generated, () => new()
        {
            LabelColumnName = "Binary", HiddenLayers = [16], Activation = Activation.Identity, Optimizer = OptimizerKind.Nesterov,
            Momentum = 0.8f, LearningRate = 0.01f, LearningRateSchedule = LearningRateScheduleKind.Exponential, ScheduleGamma = 0.9f,
            WeightDecay = 1e-3f, NumberOfEpochs = 10, Seed = 8,
        });
        yield return new("adagrad-sigmoid-initial-bias", Generated, () => new()
        {
            LabelColumnName = "Class", HiddenLayers = [12], Activation = Activation.Sigmoid, Optimizer = OptimizerKind.Adagrad,
            LearningRate = 0.05f, Initialization = WeightInitialization.GlorotNormal, InitialBias = 0.1f, NumberOfEpochs = 10, Seed = 9,
        });
        // Clipping by norm: the norm it scales by is expected to change when clipping reuses the recorded norm.
        yield return new("clip-norm", Generated, () => new()
        {
            LabelColumnName = "Binary", HiddenLayers = [16], GradientClipNorm = 0.05f, NumberOfEpochs = 8, Seed = 10,
        });
        yield return new("diverge-return-best", Generated, () => new()
        {
            LabelColumnName = "Value", HiddenLayers = [16], Optimizer = OptimizerKind.Momentum, Momentum = 0.99f, LearningRate = 0.1f, NumberOfEpochs = 40,
            OnDivergence = DivergenceBehavior.ReturnBestModel, Seed = 11,
        });
        yield return new("diverge-throw", Generated, () => new()
        {
            LabelColumnName = "Value", HiddenLayers = [16], Optimizer = OptimizerKind.Sgd, LearningRate = 3f, NumberOfEpochs = 10, Seed = 12,
        });
        // The micro-batch mode (what a cluster computes): counter-based order and dropout, micro-batch sums added in a
        // fixed tree, the coordinator's L2, clipping and step; with validation data and early stopping on accuracy, and
        // on its own with automatic epochs.
        yield return new("micro-batch-multiclass", GeneratedWithValidation, () => new()
        {
            LabelColumnName = "Class", HiddenLayers = [16, 8], Activation = Activation.ReLU, Dropout = 0.1f, L2Regularization = 1e-3f,
            GradientClipNorm = 2f, BatchSize = 48, MicroBatchSize = 12, NumberOfEpochs = 10, EarlyStoppingPatience = 3,
            EarlyStoppingMetric = EarlyStoppingMetric.Accuracy, Seed = 13,
        });
        yield return new("micro-batch-binary-balanced", Generated, () => new()
        {
            LabelColumnName = "Binary", ExampleWeightColumnName = "Weight", ClassWeighting = ClassWeighting.Balanced, HiddenLayers = [12],
            BatchSize = 64, MicroBatchSize = 16, Seed = 14,
        });
    }
}
