using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Purpose-built failing runs: each must be diagnosed with the right finding and evidence.</summary>
public class TrainingDiagnosisCaseTests
{
    [Fact]
    public void Train_DeepSigmoidNetwork_FindsVanishingGradients()
    {
        var data = Problems.Spiral(60, seed: 4);
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputSize = 2, HiddenLayers = [32, 32, 32, 32, 32, 32, 32, 32], OutputSize = 3, Activation = Activation.Sigmoid, Seed = 4,
        });
        var history = Diagnosed.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f, NumberOfEpochs = 5, BatchSize = 32, Seed = 4,
        });

        var finding = history.Diagnosis.Findings.ShouldHaveSingleItem(history.Diagnosis.ToString());
        finding.Kind.ShouldBe(FindingKind.VanishingGradients);
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Layer.ShouldBe(0);
        finding.Evidence["Ratio"].ShouldBeLessThan(DiagnosisThresholds.Default.VanishingRatio);
        finding.Advice.ShouldContain("ReLU");
        finding.Advice.ShouldContain("He");
        finding.Evidence["ConsecutiveEpochs"].ShouldBe(3);
        history.Epochs[2].Findings.ShouldContain(f => f.Kind == FindingKind.VanishingGradients); // raised during training, at epoch 3
        history.Epochs[1].Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Train_HugeLearningRate_DiagnosesDivergenceAndItsAdviceTrainsCleanly()
    {
        var data = Problems.NoisySine(200, 0.1f, seed: 3);
        TrainingOptions Options(float rate, float? clip) => new()
        {
            Loss = LossFunction.MeanSquaredError, Optimizer = OptimizerKind.Sgd, LearningRate = rate, GradientClipNorm = clip, NumberOfEpochs = 20, Seed = 3,
        };
        NeuralNetwork Network() => NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [32], Seed = 3 });

        var ex = Should.Throw<TrainingDivergedException>(() => Diagnosed.Train(Network(), data, Options(rate: 1f, clip: null)));

        var divergence = ex.Diagnosis.Findings[0];
        divergence.Kind.ShouldBe(FindingKind.Divergence);
        divergence.Severity.ShouldBe(FindingSeverity.Critical);
        divergence.Advice.ShouldContain("GradientClipNorm");
        ex.Message.ShouldContain(divergence.ToString());
        ex.History.Diagnosis.ShouldBeSameAs(ex.Diagnosis);
        float rate = (float)divergence.Evidence["SuggestedLearningRate"];
        float clip = (float)divergence.Evidence["SuggestedClipNorm"];
        rate.ShouldBeLessThanOrEqualTo(0.1f);
        clip.ShouldBeGreaterThan(0f);

        // Apply the advice programmatically and retrain from scratch.
        var history = Diagnosed.Train(Network(), data, Options(rate, clip));
        history.StopReason.ShouldBe(StopReason.Completed);
        history.Epochs.ShouldAllBe(e => double.IsFinite(e.TrainingLoss));
        history.Epochs[^1].TrainingLoss.ShouldBeLessThan(history.Epochs[0].TrainingLoss);
        history.Diagnosis.Findings.ShouldNotContain(f => f.Severity == FindingSeverity.Critical, history.Diagnosis.ToString());
    }

    [Fact]
    public void Train_DivergenceWithReturnBestModel_AttachesDivergenceFinding()
    {
        var data = Problems.NoisySine(200, 0.1f, seed: 3);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 1, HiddenLayers = [32], Seed = 3 });
        var history = Diagnosed.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.MeanSquaredError, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f, NumberOfEpochs = 30,
            OnDivergence = DivergenceBehavior.ReturnBestModel,
        });

        history.StopReason.ShouldBe(StopReason.Diverged);
        var divergence = history.Diagnosis.Findings[0];
        divergence.Kind.ShouldBe(FindingKind.Divergence);
        divergence.Message.ShouldContain("best finite epoch was returned");
        divergence.Evidence.ShouldContainKey("SuggestedClipNorm");
        history.Diagnosis.IsHealthy.ShouldBeFalse();
    }

    [Fact]
    public void Train_ReluWithStronglyNegativeBias_FindsDeadUnits()
    {
        var data = Problems.Spiral(60, seed: 5);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [32, 16], OutputSize = 3, InitialBias = -5f, Seed = 5 });
        var history = Diagnosed.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, LearningRate = 0.01f, NumberOfEpochs = 5, BatchSize = 32, Seed = 5,
        });

        var dead = history.Diagnosis.Findings.Where(f => f.Kind == FindingKind.DeadUnits).ToArray();
        dead.ShouldNotBeEmpty(history.Diagnosis.ToString());
        dead[0].Layer.ShouldBe(0);
        dead[0].Evidence["DeadUnitShare"].ShouldBeGreaterThanOrEqualTo(DiagnosisThresholds.Default.DeadShare);
        dead[0].Advice.ShouldContain("LeakyReLU");
    }

    [Fact]
    public void Train_TinyLearningRate_FindsLearningRateTooLow()
    {
        var data = Problems.Spiral(60, seed: 6);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [32], OutputSize = 3, Seed = 6 });
        var history = Diagnosed.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 1e-5f, NumberOfEpochs = 10, BatchSize = 32, Seed = 6,
        });

        var finding = history.Diagnosis.Findings.ShouldHaveSingleItem(history.Diagnosis.ToString());
        finding.Kind.ShouldBe(FindingKind.LearningRateTooLow);
        // The rate whose steps move the weights by 1e-3 of their norm (steps scale with the rate), at least 10× the rate.
        double ratio = finding.Evidence["MeanUpdateRatio"];
        finding.Evidence["SuggestedLearningRate"].ShouldBe(DiagnosisMath.Round1(1e-5 * Math.Clamp(1e-3 / ratio, 10, 1000)), 1e-12);
        finding.Evidence["SuggestedLearningRate"].ShouldBe(5e-3, 1e-12);
    }

    [Fact]
    public void Train_SmallDataBigNetworkManyEpochs_FindsOverfitting()
    {
        // 40 rows of 20 random features with labels 30% flipped: a wide network memorises the training noise.
        TrainingData Noisy(int rows, ulong seed)
        {
            var rng = new MLNet.Backprop.Numerics.Rng(seed);
            var x = new float[rows * 20];
            var y = new float[rows];
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
            for (int r = 0; r < rows; r++) y[r] = (x[r * 20] > 0) ^ (rng.NextDouble() < 0.3) ? 1 : 0;
            return new TrainingData(x, rows, 20, y);
        }
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 20, HiddenLayers = [128], Seed = 7 });
        var history = Diagnosed.Train(network, Noisy(40, 7), new TrainingOptions
        {
            LearningRate = 0.01f, NumberOfEpochs = 100, BatchSize = 40, Seed = 7,
        }, Noisy(200, 8));

        var finding = history.Diagnosis.Findings.SingleOrDefault(f => f.Kind == FindingKind.Overfitting).ShouldNotBeNull(history.Diagnosis.ToString());
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Advice.ShouldContain("EarlyStoppingPatience");
    }

    [Fact]
    public void Train_ClippingFiresEveryBatch_FindsExplodingGradients()
    {
        var data = Problems.Spiral(60, seed: 8);
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [32], OutputSize = 3, Seed = 8 });
        var history = Diagnosed.Train(network, data, new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05f, GradientClipNorm = 1e-3f,
            NumberOfEpochs = 5, BatchSize = 32, Seed = 8,
        });

        var finding = history.Diagnosis.Findings.Single(f => f.Kind == FindingKind.ExplodingGradients);
        finding.Evidence["ClippedShare"].ShouldBe(1.0);
        history.Epochs.SelectMany(e => e.Findings).ShouldContain(f => f.Kind == FindingKind.ExplodingGradients);
    }
}
