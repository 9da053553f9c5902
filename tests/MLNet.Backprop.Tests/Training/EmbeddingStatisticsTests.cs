using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The embedding tables' per-epoch statistics: what they count, that they are exported with the history, and
/// that recording them leaves training as it was.</summary>
public class EmbeddingStatisticsTests
{
    [Fact]
    public void Fit_CategoricalColumns_OneEntryPerTableAndEpochWithTheKeysTouched()
    {
        var ml = new MLContext(seed: 1);
        // 20 users of the 30 a key mapping knows occur in the training rows; every item occurs.
        var rows = KeyedRows.Make(600, 1, users: 20);
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, rows, keyRows: KeyedRows.Make(3000, 2, users: 30)), KeyedRows.Options(["UserKey", "ItemKey"]));

        foreach (var epoch in model.History.Epochs)
        {
            epoch.Embeddings.Count.ShouldBe(2);
            var (users, items) = (epoch.Embeddings[0], epoch.Embeddings[1]);
            users.Table.ShouldBe(0);
            items.Table.ShouldBe(1);
            users.Keys.ShouldBe(30);
            users.KeysTouched.ShouldBe(20);       // one epoch visits every training row
            users.KeysNeverTouched.ShouldBe(10);
            items.KeysTouched.ShouldBe(10);
            items.KeysNeverTouched.ShouldBe(0);
            users.Width.ShouldBe(model.Embedding("UserKey").Width);
            users.GradientNormMean.ShouldBeGreaterThan(0);
            users.GradientNormMax.ShouldBeGreaterThanOrEqualTo(users.GradientNormMean);
            users.GradientRms.ShouldBeGreaterThan(0);
            users.UpdateRatio.ShouldBeInRange(1e-5, 1e-1); // Adam at 1e-3 moves a touched row by about that share
        }
    }

    [Fact]
    public void Fit_CategoricalColumns_StatisticsGoToCsvAndJson()
    {
        var ml = new MLContext(seed: 1);
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, KeyedRows.Make(400, 1)), KeyedRows.Options(["UserKey", "ItemKey"], epochs: 3));
        var history = model.History;

        string[] lines = history.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        header.ShouldContain("table0_update_ratio");
        header.ShouldContain("table1_keys_never_touched");
        int column = Array.IndexOf(header, "table1_keys_touched");
        lines[1].Split(',')[column].ShouldBe("10");

        var back = TrainingHistory.FromJson(history.ToJson());
        back.Epochs.Select(e => e.Embeddings.Count).ShouldAllBe(c => c == 2);
        back.Epochs[^1].Embeddings[0].ShouldBe(history.Epochs[^1].Embeddings[0]);
    }

    [Fact]
    public void Fit_DiagnosticsOnOrOff_SameWeights()
    {
        // The statistics only read the tables: recording them must not change a bit of what training learns.
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(500, 1));
        var on = KeyedRows.Train(ml, data, KeyedRows.Options(["UserKey", "ItemKey"], epochs: 4));
        var off = KeyedRows.Train(ml, data, KeyedRows.Options(["UserKey", "ItemKey"], epochs: 4, diagnostics: false));

        for (int k = 0; k < 30; k++) on.Embedding("UserKey").Vector(k).ToArray().ShouldBe(off.Embedding("UserKey").Vector(k).ToArray());
        off.History.Epochs[^1].Embeddings[0].UpdateRatio.ShouldBe(double.NaN);
        off.History.Epochs[^1].Embeddings[0].KeysTouched.ShouldBe(30);
    }
}
