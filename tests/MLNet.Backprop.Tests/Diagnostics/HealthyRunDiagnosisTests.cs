using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>No false alarms: sensible configurations on well-posed data give no warning.</summary>
public class HealthyRunDiagnosisTests
{
    [Fact]
    public void Train_SpiralWithDefaults_NoWarnings()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [32, 16], OutputSize = 3, Seed = 1 });
        var history = Diagnosed.Train(network, Problems.Spiral(100, seed: 1), new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, LearningRate = 0.01f, NumberOfEpochs = 60, BatchSize = 32, Seed = 1,
        });
        history.Diagnosis.IsHealthy.ShouldBeTrue(history.Diagnosis.ToString());
    }

    [Fact]
    public void Train_NoisySineTanhWithValidation_NoWarnings()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 1, HiddenLayers = [16], Activation = Activation.Tanh, Seed = 2 });
        var history = Diagnosed.Train(network, Problems.NoisySine(300, 0.1f, seed: 2), new TrainingOptions
        {
            Loss = LossFunction.MeanSquaredError, LearningRate = 0.01f, NumberOfEpochs = 40, BatchSize = 32, Seed = 2,
            EarlyStoppingPatience = 10,
        }, Problems.NoisySine(100, 0.1f, seed: 3));
        history.Diagnosis.IsHealthy.ShouldBeTrue(history.Diagnosis.ToString());
    }

    [Fact]
    public void Train_XorFullBatch_NoWarnings()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [8], Activation = Activation.Tanh, Seed = 1 });
        var history = Diagnosed.Train(network, Problems.Xor(), new TrainingOptions { NumberOfEpochs = 500, BatchSize = 4, LearningRate = 0.05f });
        history.Diagnosis.IsHealthy.ShouldBeTrue(history.Diagnosis.ToString());
    }

    [Theory]
    [InlineData(BackpropTask.BinaryClassification)]
    [InlineData(BackpropTask.MulticlassClassification)]
    [InlineData(BackpropTask.Regression)]
    public void Fit_TabularEachTask_NoWarningsLoggedOrFound(BackpropTask task)
    {
        var ml = new MLContext(seed: 1);
        var warnings = CaptureWarnings(ml);
        var data = Tabular.Load(ml, 800, seed: 1);
        var options = new BackpropTrainer.Options
        {
            NumberOfEpochs = 30, LearningRate = 3e-3f, ValidationFraction = 0.15f, EarlyStoppingPatience = 10, Seed = 1,
        };
        ITransformer model = task switch
        {
            BackpropTask.BinaryClassification => ml.BinaryClassification.Trainers.Backprop(options).Fit(data),
            BackpropTask.MulticlassClassification => ml.Transforms.Conversion.MapValueToKey("Label", "Class")
                .Append(ml.MulticlassClassification.Trainers.Backprop(options)).Fit(data),
            _ => ml.Transforms.CopyColumns("Label", "Value").Append(ml.Regression.Trainers.Backprop(options)).Fit(data),
        };
        var diagnosis = Backprop(model).Diagnosis;
        diagnosis.IsHealthy.ShouldBeTrue(diagnosis.ToString());
        warnings.ShouldBeEmpty();
    }

    [TelcoFact]
    public void Fit_TelcoChurnReasonableConfig_NoWarnings()
    {
        var ml = new MLContext(seed: 0);
        var warnings = CaptureWarnings(ml);
        var (train, _) = Telco.Load(ml);
        var model = Telco.Featurizer(ml).Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
        {
            HiddenLayers = [64, 32], Activation = Activation.ReLU, NumberOfEpochs = 30, ValidationFraction = 0.15f,
            EarlyStoppingPatience = 10, Seed = 0,
        })).Fit(train);

        var diagnosis = model.LastTransformer.Model.Diagnosis;
        diagnosis.IsHealthy.ShouldBeTrue(diagnosis.ToString());
        warnings.ShouldBeEmpty();
    }

    internal static List<string> CaptureWarnings(MLContext ml)
    {
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        return warnings;
    }

    private static BackpropModel Backprop(ITransformer model) => model switch
    {
        BackpropTransformer t => t.Model,
        TransformerChain<BackpropTransformer> chain => chain.LastTransformer.Model,
        TransformerChain<ITransformer> chain => Backprop(chain.LastTransformer),
        _ => throw new InvalidOperationException(model.GetType().Name),
    };
}
