using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>A run that never beats the constant prediction is reported, with the cause it most likely has.</summary>
public class NoLearningDiagnosisTests
{
    [Fact]
    public void Train_DeepSigmoidStuckAtConstantLoss_ReportedAsVanishing()
    {
        // Five sigmoid layers trained gently: gradients fade before the first layers and the loss stays at ln 2.
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            HiddenLayers = [64, 64, 64, 64, 64], Activation = Activation.Sigmoid, LearningRate = 1e-4f, NumberOfEpochs = 8, Seed = 1,
            ClassWeighting = ClassWeighting.Balanced,
        }).Fit(Tabular.Load(ml, 1000, 1));

        var finding = model.Model.Diagnosis.Findings.ShouldHaveSingleItem(model.Model.Diagnosis.ToString());
        finding.Kind.ShouldBe(FindingKind.VanishingGradients);
        finding.Advice.ShouldContain("ReLU");
        model.Model.History.Epochs.Min(e => e.TrainingLoss).ShouldBeGreaterThan(0.95 * Math.Log(2)); // balanced classes: the best constant scores ln 2
    }

    [Fact]
    public void FitStreaming_DeepSigmoidStuckAtConstantLoss_ReportedAsVanishing()
    {
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            HiddenLayers = [64, 64, 64, 64, 64], Activation = Activation.Sigmoid, LearningRate = 1e-4f, NumberOfEpochs = 8, Seed = 1,
            ClassWeighting = ClassWeighting.Balanced, DataLoading = DataLoading.Streaming,
        }).Fit(Tabular.Load(ml, 1000, 1));
        model.Model.Diagnosis.Findings.ShouldContain(f => f.Kind == FindingKind.VanishingGradients, model.Model.Diagnosis.ToString());
    }

    /// <summary>20 epochs of 5 steps whose loss falls from 1.2 to 0.8 by epoch 5, then climbs back to 0.99 (constant: 1).</summary>
    private static TrainingHistory FellAndCameBack()
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= 20; e++)
            history.Add(new EpochReport
            {
                Epoch = e, TrainingLoss = e <= 5 ? 1.2 - 0.08 * e : 0.8 + 0.19 * (e - 5) / 15, LearningRate = 1e-3f, Batches = 5,
                Layers = [new LayerStatistics { Layer = 0, UpdateRatio = 1e-3 }, new LayerStatistics { Layer = 1, UpdateRatio = 1e-3 }],
            });
        history.BestEpoch = 20;
        return history;
    }

    private static DiagnosisContext Decayed(float decay) => new()
    {
        Activations = [Activation.Tanh, Activation.Identity], ParameterCounts = [10, 3], Optimizer = OptimizerKind.AdamW, LearningRate = 1e-3f,
        WeightDecay = decay, InitialWeightRms = 0.05, ConstantPredictionLoss = 1,
    };

    [Fact]
    public void Check_LossBackAtTheConstantUnderADecayHoldingTheWeightsDown_FindsItNamingWeightDecay()
    {
        var finding = new NoLearningCheck().Check(FellAndCameBack(), Decayed(500f), complete: true).ShouldHaveSingleItem();

        finding.Kind.ShouldBe(FindingKind.LearningRateTooLow);
        finding.Message.ShouldStartWith("the training loss fell to 0.8 but was back at 0.99 in epoch 20, the epoch the model keeps, not clearly below 1");
        finding.Message.ShouldContain("; WeightDecay = 500 explains it");
        finding.Advice.ShouldStartWith("set WeightDecay to 0.01");
        finding.Evidence["KeptTrainingLoss"].ShouldBe(0.99, 1e-12);
        finding.Evidence.ShouldNotContainKey("SuggestedLearningRate");
    }

    [Fact]
    public void Check_LossBackAtTheConstantWithoutAnOptionHoldingTheWeightsDown_FindsNothingAsBefore()
    {
        // AdamW's default decay cannot hold the weights down: the best loss, clearly below the constant, is what is judged.
        new NoLearningCheck().Check(FellAndCameBack(), Decayed(0.01f), complete: true).ShouldBeEmpty();
    }

    [Fact]
    public void ConstantPredictionLoss_Binary_IsTheEntropyOfThePositiveShare()
    {
        var data = new TrainingData([0, 0, 0, 0], 4, 1, [0, 0, 1, 0]);
        ConstantPredictionLoss.Of(LossFunction.BinaryCrossEntropy, DataSummary.Of(data, classification: true), balanced: false)!.Value
            .ShouldBe(-(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75)), 1e-12);
        ConstantPredictionLoss.Of(LossFunction.BinaryCrossEntropy, DataSummary.Of(data, classification: true), balanced: true)!.Value
            .ShouldBe(Math.Log(2), 1e-12);
    }

    [Fact]
    public void ConstantPredictionLoss_SquareRootWeights_IsTheEntropyOfSharesProportionalToRootCounts()
    {
        // 3 negatives, 1 positive: under square-root weights the classes' shares of the loss are √3 : 1.
        var data = new TrainingData([0, 0, 0, 0], 4, 1, [0, 0, 1, 0]);
        double positive = 1 / (1 + Math.Sqrt(3));
        ConstantPredictionLoss.Of(LossFunction.BinaryCrossEntropy, DataSummary.Of(data, classification: true), balanceExponent: 0.5)!.Value
            .ShouldBe(-(positive * Math.Log(positive) + (1 - positive) * Math.Log(1 - positive)), 1e-12);
    }

    [Fact]
    public void ConstantPredictionLoss_Multiclass_IsTheEntropyOfTheClassShares()
    {
        var data = new TrainingData([0, 0, 0, 0], 4, 1, [0, 1, 2, 2]);
        ConstantPredictionLoss.Of(LossFunction.SoftmaxCrossEntropy, DataSummary.Of(data, classification: true), balanced: false)!.Value
            .ShouldBe(-(2 * 0.25 * Math.Log(0.25) + 0.5 * Math.Log(0.5)), 1e-12);
    }

    [Fact]
    public void Train_ShallowNetworkTinyLearningRate_ReportedAsLearningRateTooLow()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [16], OutputSize = 3, Seed = 2 });
        var history = Diagnosed.Train(network, Problems.Spiral(100, seed: 2), new TrainingOptions
        {
            Loss = LossFunction.SoftmaxCrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 1e-5f, NumberOfEpochs = 6, RecordDiagnostics = false,
        });
        var finding = history.Diagnosis.Findings.ShouldHaveSingleItem(history.Diagnosis.ToString());
        finding.Kind.ShouldBe(FindingKind.LearningRateTooLow);
        finding.Evidence["ConstantPredictionLoss"].ShouldBe(Math.Log(3), 1e-6);
        finding.Advice.ShouldContain("LearningRate = 0.0001");
    }

    [Fact]
    public void ConstantPredictionLoss_Regression_IsTheTargetVariance()
    {
        var data = new TrainingData([0, 0, 0, 0], 4, 1, [1e6f + 1, 1e6f + 2, 1e6f + 3, 1e6f + 4]); // far from 0: no cancellation
        var summary = DataSummary.Of(data, classification: false);
        ConstantPredictionLoss.Of(LossFunction.MeanSquaredError, summary, balanced: false)!.Value.ShouldBe(1.25, 1e-9);
        ConstantPredictionLoss.Of(LossFunction.Huber, summary, balanced: false).ShouldBeNull();
    }
}
