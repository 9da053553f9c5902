using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Training data that carries nothing to learn: every feature constant over the training rows, or a regression
/// label that never varies. The diagnosis names the data (the columns), not the learning rate or the activation.</summary>
public class DegenerateDataDiagnosisTests(ITestOutputHelper output)
{
    private sealed class Row
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public bool Label { get; set; }
        public float Value { get; set; }
    }

    private static IDataView Load(MLContext ml, Func<int, Row> row) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(row).ToList());

    private static IEstimator<ITransformer> Features(MLContext ml) => ml.Transforms.Concatenate("Features", "A", "B", "C", "D");

    private static readonly FindingKind[] DynamicsKinds =
        [FindingKind.ExplodingGradients, FindingKind.VanishingGradients, FindingKind.LearningRateTooHigh, FindingKind.LearningRateTooLow,
            FindingKind.DeadUnits, FindingKind.SaturatedUnits];

    private TransformerChain<BackpropTransformer> FitChain(MLContext ml, IDataView data, BackpropTrainer.Options options)
    {
        var chain = Features(ml).Append(new BackpropTrainer(ml, options)).Fit(data);
        output.WriteLine(chain.LastTransformer.Model.Diagnosis.ToString());
        return chain;
    }

    private BackpropModel Fit(MLContext ml, IDataView data, BackpropTrainer.Options options) => FitChain(ml, data, options).LastTransformer.Model;

    private static DataSummary Summary(double[] means, double[] deviations, double labelMean = 0, double labelVariance = 1) =>
        DataSummary.Restore(100, means.Length, [], 100, labelMean, labelVariance, means, deviations);

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_BinaryOnConstantFeatures_ReportsConstantFeaturesAndNoGradientAdvice(DataLoading loading)
    {
        var ml = new MLContext(seed: 1);
        var warnings = HealthyRunDiagnosisTests.CaptureWarnings(ml);
        var data = Load(ml, i => new Row { A = 1, B = 1, C = 1, D = 1, Label = i % 2 == 1 });

        var model = Fit(ml, data, new BackpropTrainer.Options { DataLoading = loading });

        var finding = model.Diagnosis.Findings.SingleOrDefault(f => f.Kind == FindingKind.ConstantFeatures).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Severity.ShouldBe(FindingSeverity.Critical);
        finding.Column.ShouldBe("Features");
        finding.Message.ShouldContain("every one of the 4 features in column 'Features' is constant");
        finding.Message.ShouldContain("'A' = 1");
        model.Diagnosis.Findings.ShouldNotContain(f => DynamicsKinds.Contains(f.Kind), model.Diagnosis.ToString());
        model.History.Epochs.SelectMany(e => e.Findings).ShouldBeEmpty(); // nor raised during training
        warnings.ShouldContain(w => w.Contains("ConstantFeatures"));
        warnings.ShouldNotContain(w => w.Contains("ExplodingGradients") || w.Contains("VanishingGradients"));
    }

    [Fact]
    public void Fit_RegressionOnAConstantLabel_ReportsConstantLabelAndNoLearningRateAdvice()
    {
        var ml = new MLContext(seed: 1);
        var data = Load(ml, i => new Row { A = i % 7, B = i % 3, C = i / 10f, D = (i * 37) % 11, Value = 5 });

        var chain = FitChain(ml, data, new BackpropTrainer.Options { LabelColumnName = "Value" });
        var model = chain.LastTransformer.Model;

        var finding = model.Diagnosis.Findings.SingleOrDefault(f => f.Kind == FindingKind.ConstantLabel).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Column.ShouldBe("Value");
        finding.Message.ShouldStartWith("label column 'Value' is 5 in every one of the");
        model.Diagnosis.Findings.ShouldNotContain(f => DynamicsKinds.Contains(f.Kind), model.Diagnosis.ToString());
        var scores = chain.Transform(data).GetColumn<float>("Score").ToArray();
        scores.ShouldAllBe(s => Math.Abs(s - 5f) < 0.05f); // the model still predicts the constant
    }

    [Fact]
    public void ConstantFeatures_OneFeatureVaries_NoFinding()
    {
        DegenerateDataCheck.ConstantFeatures(Summary([1, 1, 3], [0, 0, 0.5]), null, "Features", hasCategorical: false).ShouldBeNull();
    }

    [Fact]
    public void ConstantFeatures_CategoricalColumnsBeside_NoFinding()
    {
        DegenerateDataCheck.ConstantFeatures(Summary([1, 2], [0, 0]), null, "Features", hasCategorical: true).ShouldBeNull();
    }

    [Fact]
    public void ConstantFeatures_ManyConstantSlots_ListsFiveAndCountsTheRest()
    {
        var finding = DegenerateDataCheck.ConstantFeatures(Summary(new double[8], new double[8]), null, "Features", hasCategorical: false).ShouldNotBeNull();

        finding.Message.ShouldContain("'feature 0' = 0, 'feature 1' = 0, 'feature 2' = 0, 'feature 3' = 0, 'feature 4' = 0 and 3 more");
        finding.Evidence["Features"].ShouldBe(8);
    }

    [Theory]
    [InlineData(5, 0, true)]
    [InlineData(1e6, 1e-4, true)]   // below a millionth of the label's size: rounding, not spread
    [InlineData(5, 0.01, false)]
    [InlineData(0, 1e-3, false)]
    public void ConstantLabel_Spread_FindingOnlyWhenItNeverVaries(double mean, double deviation, bool expected)
    {
        var finding = DegenerateDataCheck.ConstantLabel(Summary([1, 2], [1, 1], mean, deviation * deviation), "Value");

        (finding is not null).ShouldBe(expected);
    }

    /// <summary>A loss near 0 that jumps to 3× its best: the spike the learning-rate check reads as a rate too high.</summary>
    private static TrainingHistory Spiking()
    {
        var history = new TrainingHistory();
        double[] losses = [1e-3, 1e-5, 3e-5, 1e-5, 3e-5, 1e-5];
        for (int e = 0; e < losses.Length; e++)
            history.Add(new EpochReport
            {
                Epoch = e + 1, TrainingLoss = losses[e], LearningRate = 0.003f,
                Layers = [new LayerStatistics { Layer = 0 }, new LayerStatistics { Layer = 1 }],
            });
        return history;
    }

    private static DiagnosisContext Context(params Finding[] dataFindings) => new()
    {
        Activations = [Activation.ReLU, Activation.Identity], ParameterCounts = [10, 2], LearningRate = 0.003f, DataFindings = dataFindings,
    };

    [Fact]
    public void Diagnose_ConstantLabelFound_KeepsOnlyTheDataFinding()
    {
        var degenerate = DegenerateDataCheck.ConstantLabel(Summary([1], [1], 5, 0), "Value").ShouldNotBeNull();
        TrainingDiagnostician.Diagnose(Spiking(), Context()).Findings.ShouldContain(f => f.Kind == FindingKind.LearningRateTooHigh); // the spike alone

        TrainingDiagnostician.Diagnose(Spiking(), Context(degenerate)).Findings.ShouldBe([degenerate]);
    }

    [Fact]
    public void EpochCompleted_ConstantFeaturesFound_RaisesNothing()
    {
        var degenerate = DegenerateDataCheck.ConstantFeatures(Summary([1, 1], [0, 0]), null, "Features", hasCategorical: false).ShouldNotBeNull();
        Raised(Context()).ShouldContain(f => f.Kind == FindingKind.LearningRateTooHigh); // the spike alone

        Raised(Context(degenerate)).ShouldBeEmpty();
    }

    /// <summary>What a monitor raises as <see cref="Spiking"/>'s epochs come one by one.</summary>
    private static List<Finding> Raised(DiagnosisContext context)
    {
        var monitor = new DiagnosisMonitor(context);
        var history = new TrainingHistory();
        var raised = new List<Finding>();
        foreach (var epoch in Spiking().Epochs)
        {
            history.Add(epoch);
            raised.AddRange(monitor.EpochCompleted(history));
        }
        return raised;
    }
}
