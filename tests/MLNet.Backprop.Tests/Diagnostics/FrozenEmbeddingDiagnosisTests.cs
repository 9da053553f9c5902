using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>The frozen-embedding finding: raised for a table whose vectors do not move or whose keys mostly never
/// occur in training, silent on a healthy table.</summary>
public class FrozenEmbeddingDiagnosisTests
{
    private static IEnumerable<Finding> Frozen(BackpropModel model) => model.Diagnosis.Findings.Where(f => f.Kind == FindingKind.FrozenEmbedding);

    [Fact]
    public void Fit_HealthyTables_NoFrozenEmbeddingFinding()
    {
        var ml = new MLContext(seed: 1);
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, KeyedRows.Make(600, 1)), KeyedRows.Options(["UserKey", "ItemKey"]));

        Frozen(model).ShouldBeEmpty();
    }

    [Fact]
    public void Fit_LearningRateNearZero_FindsBothTablesFrozenWithAdvice()
    {
        var ml = new MLContext(seed: 1);
        var options = KeyedRows.Options(["UserKey", "ItemKey"], epochs: 5);
        options.LearningRate = 1e-9f;
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, KeyedRows.Make(600, 1)), options);

        var findings = Frozen(model).ToArray();
        findings.Select(f => f.Column).OrderBy(c => c).ShouldBe(["ItemKey", "UserKey"]);
        foreach (var f in findings)
        {
            f.Severity.ShouldBe(FindingSeverity.Warning);
            f.Message.ShouldContain("do not move");
            f.Advice.ShouldContain("LearningRate = ");
            f.Evidence["LargestUpdateRatio"].ShouldBeLessThan(1e-5);
            f.ToString().ShouldContain($"column '{f.Column}'");
        }
    }

    [Fact]
    public void Fit_ColumnConstantInTrainingButMappedOnOtherData_FindsItsTableFrozen()
    {
        var ml = new MLContext(seed: 1);
        // Training rows of a single user, mapped by a MapValueToKey fitted on data with 30: 29 keys never occur.
        var rows = KeyedRows.Make(600, 1).Select(r => { r.User = "u7"; return r; }).ToList();
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, rows, keyRows: KeyedRows.Make(3000, 2)), KeyedRows.Options(["UserKey", "ItemKey"]));

        var finding = Frozen(model).ShouldHaveSingleItem();
        finding.Column.ShouldBe("UserKey");
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Message.ShouldContain("29 of its 30 key values");
        finding.Message.ShouldContain("a single key value");
        finding.Advice.ShouldContain("MapValueToKey");
        finding.Advice.ShouldContain("drop 'UserKey' from CategoricalColumnNames");
        finding.Evidence["UnseenKeyShare"].ShouldBe(29 / 30.0, 1e-12);
    }

    [Fact]
    public void Fit_ModelSavedAndLoaded_KeepsTheFindingsColumn()
    {
        var ml = new MLContext(seed: 1);
        var rows = KeyedRows.Make(300, 1).Select(r => { r.User = "u7"; return r; }).ToList();
        var data = KeyedRows.Mapped(ml, rows, keyRows: KeyedRows.Make(3000, 2));
        var transformer = ml.Regression.Trainers.Backprop(KeyedRows.Options(["UserKey", "ItemKey"], epochs: 2)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.SaveBackprop(transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = (BackpropTransformer)((TransformerChain<ITransformer>)ml.Model.LoadBackprop(stream, out _)).LastTransformer;

        loaded.Model.Diagnosis.Findings.Single(f => f.Kind == FindingKind.FrozenEmbedding).Column.ShouldBe("UserKey");
        loaded.Model.History.Epochs[^1].Embeddings.Count.ShouldBe(2);
    }
}
