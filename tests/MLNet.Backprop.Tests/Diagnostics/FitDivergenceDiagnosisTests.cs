using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

public class FitDivergenceDiagnosisTests
{
    private static BackpropTrainer.Options Diverging(DivergenceBehavior behavior) => new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 50f, HiddenLayers = [32], NumberOfEpochs = 20, Seed = 1,
        ValidationFraction = 0.2f, EarlyStoppingPatience = 5, OnDivergence = behavior,
        // The run these tests were written against: one ReLU network on the raw label (standardised, it would not diverge).
        Activation = Activation.ReLU, StandardizeLabel = false, StandardizeFeatures = false, EnsembleSize = 1,
        NumericEncoding = NumericEncoding.None, // and its input stage (the default's robust clip bounds the inputs)
    };

    private static IDataView RegressionData(MLContext ml)
    {
        var data = Tabular.Load(ml, 400, 1);
        return ml.Transforms.CopyColumns("Label", "Value").Fit(data).Transform(data);
    }

    [Fact]
    public void Fit_DivergesWithThrow_ExceptionCarriesDiagnosisAndWarningIsLogged()
    {
        var ml = new MLContext(seed: 1);
        var warnings = HealthyRunDiagnosisTests.CaptureWarnings(ml);
        var ex = Should.Throw<TrainingDivergedException>(() => ml.Regression.Trainers.Backprop(Diverging(DivergenceBehavior.Throw)).Fit(RegressionData(ml)));

        ex.Diagnosis.Findings[0].Kind.ShouldBe(FindingKind.Divergence);
        warnings.ShouldContain(w => w.Contains("Divergence") && w.Contains("GradientClipNorm"));
        // No option's value explains this one (DivergenceCauseTests): the learning rate is named.
        ex.Message.ShouldContain("Likely causes: a learning rate too high for this problem (LearningRate = 50)");
        ex.Message.ShouldNotContain("explains it");
        ex.Diagnosis.Findings[0].Advice.ShouldStartWith("lower the learning rate");
    }

    [Fact]
    public void Fit_DivergesWithReturnBestModel_ModelCarriesDivergenceFinding()
    {
        var ml = new MLContext(seed: 1);
        var options = Diverging(DivergenceBehavior.ReturnBestModel);
        options.LearningRate = 0.5f; // plain SGD on this regression completes epoch 1, then blows up
        var model = ml.Regression.Trainers.Backprop(options).Fit(RegressionData(ml)).Model;

        model.History.StopReason.ShouldBe(StopReason.Diverged);
        model.History.BestEpoch.ShouldBe(1);
        model.Diagnosis.Findings[0].Kind.ShouldBe(FindingKind.Divergence);
        model.Diagnosis.Findings[0].Message.ShouldContain("best finite epoch was returned");
        model.Diagnosis.IsHealthy.ShouldBeFalse();
    }

    [Fact]
    public void Fit_EnsembleDivergesOnTwoThreads_ThrowsTheFailureOfOneThreadEveryTime()
    {
        // Networks side by side: a later network's divergence must not cancel an earlier one before it fails, or which
        // failure is rethrown depends on timing. Each run must report what training the networks one after another does.
        TrainingDivergedException Fit(int threads)
        {
            var ml = new MLContext(seed: 1);
            var options = Diverging(DivergenceBehavior.Throw);
            options.EnsembleSize = 4;
            options.NumberOfThreads = threads;
            return Should.Throw<TrainingDivergedException>(() => ml.Regression.Trainers.Backprop(options).Fit(RegressionData(ml)));
        }
        var sequential = Fit(1);

        for (int run = 0; run < 3; run++)
        {
            var parallel = Fit(2);
            parallel.Message.ShouldBe(sequential.Message);
            (parallel.Epoch, parallel.Batch).ShouldBe((sequential.Epoch, sequential.Batch));
            parallel.History.Epochs.Count.ShouldBe(sequential.History.Epochs.Count);
        }
    }
}
