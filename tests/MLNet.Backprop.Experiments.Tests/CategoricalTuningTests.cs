using Microsoft.ML;
using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The tuner with categorical columns: the tables' width (a factor on the automatic widths) joins the search.</summary>
public class CategoricalTuningTests
{
    public sealed class Row
    {
        public string User { get; set; } = "";
        public float X { get; set; }
        public float Value { get; set; }
    }

    private static IDataView Data(MLContext ml, int rows = 600)
    {
        var random = new Random(3);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            int u = random.Next(40);
            float x = (float)random.NextDouble();
            return new Row { User = $"u{u}", X = x, Value = (u % 4) - 1.5f + x };
        }).ToList());
        return ml.Transforms.Conversion.MapValueToKey("UserKey", "User").Append(ml.Transforms.Concatenate("Features", "X")).Fit(data).Transform(data);
    }

    private static BackpropTuner Tuner(params string[] categorical) => new(new BackpropTrainer.Options
    {
        LabelColumnName = "Value", Task = BackpropTask.Regression, CategoricalColumnNames = categorical, NumberOfEpochs = 5, EnsembleSize = 1,
        // Explicit updates: the tables take the automatic rule's widths (40 users over 600 rows are id-like, whose automatic
        // width under the automatic updates is narrower), which the width test below reads.
        SparseUpdates = SparseUpdates.Lazy,
    })
    {
        NumberOfTrials = 8,
        Space = { HiddenLayers = [[8]], BatchSize = [32] },
    };

    [Fact]
    public void DrawTrials_CategoricalColumns_DrawTheWidthScaleAndLabelIt()
    {
        var trials = Tuner("UserKey").DrawTrials();

        trials[0].Settings["EmbeddingWidthScale"].ShouldBe("1");
        trials[0].Options.EmbeddingWidthScale.ShouldBe(1f);
        trials.Skip(1).ShouldAllBe(t => new[] { 0.25f, 0.5f, 1f, 2f }.Contains(t.Options.EmbeddingWidthScale));
        trials.Select(t => t.Options.EmbeddingWidthScale).Distinct().Count().ShouldBeGreaterThan(1);
        trials.ShouldAllBe(t => t.Settings["EmbeddingWidthScale"] == t.Options.EmbeddingWidthScale.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DrawTrials_NoCategoricalColumns_NoWidthDrawnOrLabelled()
    {
        var trials = Tuner().DrawTrials();
        trials.ShouldAllBe(t => !t.Settings.ContainsKey("EmbeddingWidthScale") && t.Options.EmbeddingWidthScale == 1f);
    }

    [Fact]
    public void Tune_CategoricalColumns_TheBestOptionsTrainTablesOfTheDrawnWidth()
    {
        var ml = new MLContext(0);
        var data = Data(ml);
        var tuner = Tuner("UserKey");
        tuner.NumberOfTrials = 4;
        tuner.NumberOfFolds = 2;
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.Space.EmbeddingWidthScale = [0.25f, 2f];

        var result = tuner.Tune(ml, data);

        result.Trials.ShouldAllBe(t => t.Error == null && t.FoldScores.Count == 2);
        result.Trials.Select(t => t.Options.EmbeddingWidthScale).Distinct().Count().ShouldBeGreaterThan(1);
        var table = new BackpropTrainer(ml, result.BestOptions).Fit(data).Model.Embedding("UserKey");
        // 40 users: the automatic width is round(1.6·40^0.56) = 13, scaled and rounded.
        table.Width.ShouldBe((int)Math.Round(13 * result.BestOptions.EmbeddingWidthScale));
    }

    [Fact]
    public void DrawTrials_WidthScaleOutOfRange_RefusedNamingIt()
    {
        var tuner = Tuner("UserKey");
        tuner.Space.EmbeddingWidthScale = [1f, 40f];
        Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials()).ParamName.ShouldBe("EmbeddingWidthScale");
        tuner.Space.EmbeddingWidthScale = [];
        Should.Throw<ArgumentException>(() => tuner.DrawTrials()).Message.ShouldContain("EmbeddingWidthScale");
    }
}
