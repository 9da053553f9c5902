using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Regression validation labels far beyond the training labels are told (a Warning in the diagnosis and the
/// log, naming the label column, the row and how many training standard deviations away), never refused.</summary>
public class ValidationLabelDiagnosisTests
{
    private static (BackpropModel Model, List<string> Warnings) Fit(Action<List<TabularRow>> damage, Action<BackpropTrainer.Options>? set = null)
    {
        var ml = new MLContext(seed: 1);
        var warnings = HealthyRunDiagnosisTests.CaptureWarnings(ml);
        var validation = Tabular.Rows(40, 2);
        damage(validation);
        var options = new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 3, Seed = 1 };
        set?.Invoke(options);
        var model = new BackpropTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(Tabular.Rows(300, 1)), ml.Data.LoadFromEnumerable(validation)).Model;
        return (model, warnings);
    }

    private static Finding? Distant(BackpropModel model) => model.Diagnosis.Findings.SingleOrDefault(f => f.Kind == FindingKind.DistantValidationLabels);

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_ValidationLabelFarBeyondTheTrainingLabels_WarnsNamingColumnRowAndDeviations(DataLoading loading)
    {
        // Before: trained with a validation loss near 1e75, early stopping following that one row, and no word of it.
        var (model, warnings) = Fit(v => v[7].Value = 2e38f, o => o.DataLoading = loading);

        model.History.StopReason.ShouldBe(StopReason.Completed);
        var finding = Distant(model).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Column.ShouldBe("Value");
        finding.Message.ShouldContain("label column 'Value' holds, in validation row 7");
        finding.Message.ShouldContain("training standard deviations from the training labels' mean");
        finding.Evidence["Row"].ShouldBe(7);
        finding.Evidence["StandardDeviations"].ShouldBeGreaterThan(1e37);
        finding.Evidence["RowsBeyond"].ShouldBe(1);
        warnings.ShouldContain(w => w.Contains("DistantValidationLabels") && w.Contains("validation row 7"));
    }

    [Fact]
    public void Fit_ValidationLabelFarBeyondRawTrainingLabels_CountsTheirDeviationsToo()
    {
        var (model, _) = Fit(v => v[3].Value = 1e6f, o => o.StandardizeLabel = false);

        var finding = Distant(model).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Message.ShouldContain("validation row 3");
        finding.Evidence["StandardDeviations"].ShouldBeInRange(1e5, 1e6); // 1e6 over a deviation of about 1.5
    }

    [Fact]
    public void Fit_ValidationDrawnLikeTheTrainingRows_NoDistantLabelFinding()
    {
        Distant(Fit(_ => { }).Model).ShouldBeNull();
    }

    [Fact]
    public void Check_AcrossTheLimitOf1e4Deviations_NamesOnlyTheLabelsBeyond()
    {
        Finding? Check(float label, bool heldOut = false) =>
            ValidationLabelCheck.Check([0.5f, label, -1f], Standardization.Identity, trainingMean: 2, trainingDeviation: 10, "Price", heldOut);

        Check(2 + 0.99e5f).ShouldBeNull();
        Check(2 - 1.01e5f).ShouldNotBeNull().Evidence["StandardDeviations"].ShouldBe(1.01e4, 1);
        Check(2 + 1.01e5f, heldOut: true).ShouldNotBeNull().Message.ShouldContain("held-out row 1 (of the 3 training rows held out for validation)");
        ValidationLabelCheck.Check([1e30f], Standardization.Identity, 2, trainingDeviation: 0, "Price", false).ShouldBeNull(); // constant training labels
    }
}
