using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>Data on which the importance's metric is undefined is refused before any permutation, naming the label
/// column; before, ML.NET's evaluator threw from inside its PFI (an AUC assertion, or a schema lookup).</summary>
public class BackpropCatalogFeatureImportanceTests
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly BackpropTransformer _model;

    public BackpropCatalogFeatureImportanceTests() =>
        _model = new BackpropTrainer(_ml, new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 }).Fit(Tabular.Load(_ml, 60, 1));

    [Fact]
    public void PermutationFeatureImportance_OneClassData_ThrowsNamingTheLabelColumn()
    {
        var rows = Tabular.Rows(30, 2);
        foreach (var row in rows) row.Label = true;
        var e = Should.Throw<ArgumentException>(() => _ml.PermutationFeatureImportance(_model, _ml.Data.LoadFromEnumerable(rows)));
        e.ParamName.ShouldBe("data");
        e.Message.ShouldContain("'Label' holds only true in the 30 rows of the data");
        e.Message.ShouldContain("both classes");
    }

    [Fact]
    public void PermutationFeatureImportance_RegressionLabelsAllEqual_ThrowsNamingTheLabelColumn()
    {
        // Before: every slot's importance was a Decrease of NaN (ML.NET's R² of labels that do not vary), returned as a result.
        var model = new BackpropTrainer(_ml, new BackpropTrainer.Options { LabelColumnName = "Value", HiddenLayers = [4], NumberOfEpochs = 1 })
            .Fit(Tabular.Load(_ml, 60, 1));
        var rows = Tabular.Rows(30, 2);
        foreach (var row in rows) row.Value = 3f;
        var e = Should.Throw<ArgumentException>(() => _ml.PermutationFeatureImportance(model, _ml.Data.LoadFromEnumerable(rows), "Value"));
        e.ParamName.ShouldBe("data");
        e.Message.ShouldStartWith("Label column 'Value' is 3 in every one of the 30 labelled rows of the data: permutation feature importance needs labels " +
            "that vary (its metric is R², undefined when they do not).");
    }

    [Fact]
    public void PermutationFeatureImportance_NoRows_ThrowsSayingSo()
    {
        var e = Should.Throw<ArgumentException>(() => _ml.PermutationFeatureImportance(_model, _ml.Data.LoadFromEnumerable(new List<TabularRow>())));
        e.ParamName.ShouldBe("data");
        e.Message.ShouldContain("The data has no row with a label in 'Label'");
    }

    [Fact]
    public void PermutationFeatureImportance_MissingLabelColumn_ThrowsNamingIt()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => _ml.PermutationFeatureImportance(_model, Tabular.Load(_ml, 30, 2), labelColumnName: "Outcome"));
        e.ParamName.ShouldBe("label");
        e.Message.ShouldContain("'Outcome'");
    }

    [Fact]
    public void PermutationFeatureImportance_DefaultLabelWhereTheTrainerHadAnother_ThrowsSayingToPassIt()
    {
        // A regression fitted with labelColumnName: "Value" on data without a "Label" column; PFI called with its default.
        // Before: "Could not find label column 'Label'", with nothing to say that labelColumnName is the fix.
        var model = _ml.Transforms.DropColumns(nameof(TabularRow.Label))
            .Append(_ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "Value", HiddenLayers = [4], NumberOfEpochs = 1 }))
            .Fit(Tabular.Load(_ml, 60, 1));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => _ml.PermutationFeatureImportance(model, Tabular.Load(_ml, 30, 2)));

        e.ParamName.ShouldBe("label");
        e.Message.ShouldContain("Could not find label column 'Label'");
        e.Message.ShouldContain("pass labelColumnName, the label column the trainer was fitted with ('Label' is only the default)");
    }

    [Fact]
    public void PermutationFeatureImportance_LabelOfAnotherType_ThrowsNamingColumnAndTypes()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => _ml.PermutationFeatureImportance(_model, Tabular.Load(_ml, 30, 2), labelColumnName: "Value"));
        e.ParamName.ShouldBe("label");
        e.Message.ShouldContain("'Value'");
        e.Message.ShouldContain("Boolean");
        e.Message.ShouldContain("Single");
    }

    [Fact]
    public void PermutationFeatureImportance_BothClasses_RanksEverySlot()
    {
        _ml.PermutationFeatureImportance(_model, Tabular.Load(_ml, 60, 2)).Count.ShouldBe(4);
    }
}
