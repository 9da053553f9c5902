using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>A regression label far from unit scale trained on as given (StandardizeLabel = false, in any mode) is told
/// before training (an UnnormalizedInputs Warning naming the label column and the option); a label scaled by ML.NET's
/// mean-variance normaliser instead trains as well, the scores mapped back with its Scale and Offset.</summary>
public class LabelScaleDiagnosisTests(ITestOutputHelper output)
{
    /// <summary><see cref="Tabular"/>'s rows with the label mapped to 50 + 10·Value (mean ≈ 60, deviation ≈ 16).</summary>
    private static IDataView FarLabel(MLContext ml, int count = 300) =>
        ml.Data.LoadFromEnumerable(Tabular.Rows(count, 1).Select(r => { r.Value = 50 + 10 * r.Value; return r; }).ToList());

    private static BackpropTrainer.Options Options(int? microBatch = 8, int epochs = 3) =>
        new() { LabelColumnName = "Value", MicroBatchSize = microBatch, NumberOfEpochs = epochs, HiddenLayers = [16], Seed = 1 };

    private static Finding? LabelFinding(BackpropModel model) => model.Diagnosis.Findings.SingleOrDefault(LabelScaleCheck.Is);

    [Fact]
    public void Check_BostonMedv_NamesTheOptionAndAdvisesTurningItOn()
    {
        var finding = LabelScaleCheck.Check(22.53, 9.19, "medv").ShouldNotBeNull();

        finding.Kind.ShouldBe(FindingKind.UnnormalizedInputs);
        finding.Column.ShouldBe("medv");
        finding.Message.ShouldBe("label column 'medv' is far from unit scale (mean 22.53, standard deviation 9.19) and StandardizeLabel = false trains on " +
            "the label as given. The network's output starts near 0 with a spread near 1, so it learns slowly, and a learning rate raised to make up " +
            "for it can saturate the units");
        finding.Advice.ShouldBe("set StandardizeLabel = true (the default: the trainer standardises the label for training and folds the map back into " +
            "the output layer, so the model predicts in label units)");
        LabelScaleCheck.Check(0.5, 0.29, "medv").ShouldBeNull();
    }

    [Theory]
    [InlineData(0, 1)]      // standardised
    [InlineData(0.5, 0.29)] // uniform on [0, 1]
    [InlineData(-3, 3)]
    [InlineData(1, 0.1)]
    [InlineData(5, 0)]      // constant: the no-learning finding's
    public void Check_NearUnitScaleOrConstant_NoFinding(double mean, double deviation)
    {
        LabelScaleCheck.Check(mean, deviation, "Value").ShouldBeNull();
    }

    [Theory]
    [InlineData(3.01, 1)]
    [InlineData(0, 3.5)]
    [InlineData(-50, 1)]
    [InlineData(0, 0.09)]
    [InlineData(0.5, 0.01)]
    public void Check_FarFromUnitScale_Warns(double mean, double deviation)
    {
        LabelScaleCheck.Check(mean, deviation, "Value").ShouldNotBeNull().Kind.ShouldBe(FindingKind.UnnormalizedInputs);
    }

    [Fact]
    public void Fit_MicroBatchRegressionOnAFarLabelWithStandardizeLabelOff_WarnsBeforeTrainingAndInTheDiagnosis()
    {
        var ml = new MLContext(seed: 1);
        var warnings = HealthyRunDiagnosisTests.CaptureWarnings(ml);
        var options = Options();
        options.StandardizeLabel = false;

        var model = new BackpropTrainer(ml, options).Fit(FarLabel(ml)).Model;

        var finding = LabelFinding(model).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Column.ShouldBe("Value");
        finding.Advice.ShouldStartWith("set StandardizeLabel = true");
        finding.Evidence["LabelMean"].ShouldBeInRange(55, 65);
        finding.Evidence["LabelStandardDeviation"].ShouldBeInRange(10, 25);
        warnings.ShouldContain(w => w.Contains("UnnormalizedInputs") && w.Contains("label column 'Value' is far from unit scale"));
    }

    [Fact]
    public void Fit_MicroBatchRegressionOnTheSameFarLabel_DefaultsStandardiseIt_NoLabelFinding()
    {
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, Options()).Fit(FarLabel(ml)).Model;

        LabelFinding(model).ShouldBeNull(model.Diagnosis.ToString());
        model.TargetOffset.ShouldBeInRange(55f, 65f);
    }

    [Fact]
    public void Fit_InMemoryRegressionOnTheSameFarLabel_NoLabelFinding()
    {
        var ml = new MLContext(seed: 1);
        LabelFinding(new BackpropTrainer(ml, Options(microBatch: null)).Fit(FarLabel(ml)).Model).ShouldBeNull();
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_StandardizeLabelOffOnTheSameFarLabel_WarnsNamingTheOption(DataLoading loading)
    {
        var ml = new MLContext(seed: 1);
        var options = Options(microBatch: null);
        options.StandardizeLabel = false;
        options.DataLoading = loading;
        options.ValidationFraction = 0;

        var model = new BackpropTrainer(ml, options).Fit(FarLabel(ml)).Model;

        var finding = LabelFinding(model).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Advice.ShouldStartWith("set StandardizeLabel = true");
        model.History.Settings.ShouldNotBeNull().StandardizedLabel.ShouldBeFalse();
    }

    [Fact]
    public void Fit_MicroBatchRegressionOnAUnitScaleLabel_NoLabelFinding()
    {
        var ml = new MLContext(seed: 1);
        LabelFinding(new BackpropTrainer(ml, Options()).Fit(Tabular.Load(ml, 300, 1)).Model).ShouldBeNull(); // mean ≈ 1, deviation ≈ 1.6
    }

    [Fact]
    public void Fit_MicroBatchLabelScaledAsAdvised_NoLabelFindingAndScoresMapBackToLabelUnits()
    {
        var ml = new MLContext(seed: 1);
        var raw = FarLabel(ml, 400);
        var normaliser = ml.Transforms.NormalizeMeanVariance("Value", fixZero: false).Fit(raw);
        var scaled = normaliser.Transform(raw);

        var trained = new BackpropTrainer(ml, Options(epochs: 30)).Fit(scaled);

        LabelFinding(trained.Model).ShouldBeNull(trained.Model.Diagnosis.ToString());
        var affine = normaliser.GetNormalizerModelParameters(0).ShouldBeOfType<NormalizingTransformer.AffineNormalizerModelParameters<float>>();
        float[] labels = raw.GetColumn<float>("Value").ToArray();
        double mean = labels.Average(l => (double)l), deviation = Math.Sqrt(labels.Average(l => (l - mean) * (l - mean)));
        affine.Offset.ShouldBe((float)mean, 1e-3 * Math.Abs(mean)); // (x − Offset)·Scale: Offset the mean, Scale 1/σ
        (1 / affine.Scale).ShouldBe((float)deviation, 0.01 * deviation);
        double Rmse(IEnumerable<double> predicted) => Math.Sqrt(predicted.Zip(labels, (p, l) => (p - l) * (p - l)).Average());
        double[] mapped = trained.Transform(scaled).GetColumn<float>("Score").Select(s => (double)(s / affine.Scale + affine.Offset)).ToArray();
        mapped.Average().ShouldBe(mean, 0.1 * deviation); // in label units
        var asGiven = Options(epochs: 30);
        asGiven.StandardizeLabel = false;
        var unscaled = new BackpropTrainer(ml, asGiven).Fit(raw);
        double rawRmse = Rmse(unscaled.Transform(raw).GetColumn<float>("Score").Select(s => (double)s));
        // The trainer's own standardisation (the default) on the raw label, scores in label units.
        double standardisedRmse = Rmse(new BackpropTrainer(ml, Options(epochs: 30)).Fit(raw).Transform(raw).GetColumn<float>("Score").Select(s => (double)s));
        output.WriteLine($"label mean {mean:G4}, deviation {deviation:G4}; RMSE scaled as advised {Rmse(mapped):G4}, on the raw label {rawRmse:G4}, " +
            $"standardised by the trainer {standardisedRmse:G4}");
        Rmse(mapped).ShouldBeLessThan(0.5 * rawRmse); // 13.7 against 51.1, worse than the constant prediction's 16.3
        standardisedRmse.ShouldBeLessThan(0.5 * rawRmse);
    }
}
