using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Bad or awkward training data gets a specific error or a documented, tested behaviour.</summary>
public class TrainingInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(1e30f)]
    public void Fit_BadFeatureValue_ThrowsNamingRowSlotAndFix(float bad)
    {
        var rows = Tabular.Rows(40, 1);
        rows[11].Features[3] = bad;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options()).Fit(_ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("row 11");
        ex.Message.ShouldContain("slot 3");
        ex.Message.ShouldContain("'Features'");
    }

    [Fact]
    public void Fit_OneRow_TrainsOneBatchPerEpochWithoutError()
    {
        // One row cannot hold two classes: regression is the meaningful one-row case.
        var model = new BackpropTrainer(_ml, new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 3 }).Fit(Tabular.Load(_ml, 1, 1));
        model.Model.History.Epochs.ShouldAllBe(e => e.Batches == 1 && double.IsFinite(e.TrainingLoss));
    }

    [Fact]
    public void Fit_OneRowClassification_ThrowsSingleClass()
    {
        Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options()).Fit(Tabular.Load(_ml, 1, 1)))
            .Message.ShouldContain("single class");
    }

    [Fact]
    public void Fit_BatchLargerThanData_OneFullBatch()
    {
        var model = new BackpropTrainer(_ml, new BackpropTrainer.Options { BatchSize = 10_000, NumberOfEpochs = 2 }).Fit(Tabular.Load(_ml, 50, 1));
        model.Model.History.Epochs.ShouldAllBe(e => e.Batches == 1);
    }

    [Fact]
    public void Fit_WrongLabelTypeForCatalog_ThrowsNamingLabelAndTypes()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.Trainers.Backprop(labelColumnName: "Value").Fit(Tabular.Load(_ml, 20, 1)));
        ex.ParamName.ShouldBe("label");
        ex.Message.ShouldContain("'Value'");
        ex.Message.ShouldContain("Boolean");
    }

    private sealed class DoubleFeatureRow
    {
        [VectorType(4)]
        public double[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class IntegerFeatureRow
    {
        [VectorType(4)]
        public int[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [Fact]
    public void Fit_FeatureVectorOfDoubleOrInt32_ThrowsNamingTheColumnAndBothTypes()
    {
        // Not covered before at Fit (the schema tests check a text vector): double[] is the usual mistake in a row class.
        var rows = Tabular.Rows(20, 1);
        var doubles = _ml.Data.LoadFromEnumerable(rows.Select(r => new DoubleFeatureRow { Features = [.. r.Features.Select(f => (double)f)], Label = r.Label }));
        var integers = _ml.Data.LoadFromEnumerable(rows.Select(r => new IntegerFeatureRow { Features = [.. r.Features.Select(f => (int)f)], Label = r.Label }));
        foreach (var (data, type) in new[] { (doubles, "Vector<Double, 4>"), (integers, "Vector<Int32, 4>") })
        {
            var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options()).Fit(data));
            ex.ParamName.ShouldBe("feature");
            ex.Message.ShouldContain("feature column 'Features': expected known-size Vector<Single>, got " + type);
        }
    }

    [Fact]
    public void Fit_EveryLabelMissing_ThrowsNamingTheLabelColumnInsteadOfTrainingOnNothing()
    {
        // Not covered before: a NaN regression label and an unmapped key are missing labels, their rows skipped; with every
        // one missing the data is empty. Regression and multiclass (a key mapping fitted on other values).
        var rows = Tabular.Rows(30, 1);
        rows.ForEach(r => r.Value = float.NaN);
        var regression = Should.Throw<InvalidOperationException>(() =>
            new BackpropTrainer(_ml, new BackpropTrainer.Options { LabelColumnName = "Value" }).Fit(_ml.Data.LoadFromEnumerable(rows)));
        regression.Message.ShouldBe("The training data is empty: no row has both a label in 'Value' and usable features in 'Features'.");
        var data = _ml.Data.LoadFromEnumerable(Tabular.Rows(30, 1));
        var keyData = _ml.Data.LoadFromEnumerable(new[] { "Q", "R" }.Select(c => new ClassOnly { Class = c }));
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyData: keyData).Fit(data).Transform(data);
        var multiclass = Should.Throw<InvalidOperationException>(() => _ml.MulticlassClassification.Trainers.Backprop().Fit(keyed));
        multiclass.Message.ShouldBe("The training data is empty: no row has both a label in 'Label' and usable features in 'Features'.");
    }

    private sealed class ClassOnly
    {
        public string Class { get; set; } = "";
    }

    [Fact]
    public void Fit_NegativeWeight_ThrowsNamingRowAndColumn()
    {
        var rows = Tabular.Rows(20, 1);
        rows[5].Weight = -1;
        Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { ExampleWeightColumnName = "Weight" }).Fit(_ml.Data.LoadFromEnumerable(rows)))
            .Message.ShouldContain("row 5");
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_WeightsNearFloatMax_ThrowsNamingColumnRowAndLimit(DataLoading loading)
    {
        // Each weight finite, but a mini-batch's sum overflows float: this trained to a NaN loss reported as Completed.
        var rows = Tabular.Rows(40, 1);
        foreach (var row in rows) row.Weight = 1e38f;
        var options = new BackpropTrainer.Options { ExampleWeightColumnName = "Weight", NumberOfEpochs = 2, DataLoading = loading };
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, options).Fit(_ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("'Weight'");
        ex.Message.ShouldContain("row 0");
        ex.Message.ShouldContain("at most 1E+30");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(8)]
    public void Fit_WeightsAtTheLimit_TrainWithAFiniteLoss(int? microBatchSize)
    {
        var rows = Tabular.Rows(200, 1);
        foreach (var row in rows) row.Weight = 1e30f;
        var options = new BackpropTrainer.Options { ExampleWeightColumnName = "Weight", NumberOfEpochs = 2, MicroBatchSize = microBatchSize, BatchSize = 64, ValidationFraction = 0.2f };
        var model = new BackpropTrainer(_ml, options).Fit(_ml.Data.LoadFromEnumerable(rows));
        model.Model.History.StopReason.ShouldNotBe(StopReason.Diverged);
        model.Model.History.Epochs.ShouldAllBe(e => double.IsFinite(e.TrainingLoss) && double.IsFinite(e.ValidationLoss ?? 0));
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_ValidationLabelOverflowingWhenStandardised_ThrowsNamingColumnAndRowBeforeTraining(DataLoading loading)
    {
        // Before: one epoch trained, then "Training diverged … the validation rows' outputs are not finite", blaming the
        // learning rate; the label was not named.
        var training = Tabular.Rows(200, 1);
        foreach (var row in training) row.Value *= 0.1f; // a standard deviation below 1: float.MaxValue / it overflows
        var validation = Tabular.Rows(20, 2);
        validation[3].Value = float.MaxValue; // a missing-value code in the validation data only
        var epochs = 0;
        var options = new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 3, DataLoading = loading, Progress = _ => epochs++ };

        var ex = Should.Throw<InvalidOperationException>(() =>
            new BackpropTrainer(_ml, options).Fit(_ml.Data.LoadFromEnumerable(training), _ml.Data.LoadFromEnumerable(validation)));

        ex.Message.ShouldContain("Label column 'Value'");
        ex.Message.ShouldContain("validation row 3");
        ex.Message.ShouldContain("overflows");
        epochs.ShouldBe(0);
    }

    [TelcoFact]
    public void Fit_LearningRateTenOnChurn_NeverReturnsAModelThatOutputsNaN()
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = Telco.Load(ml);
        var featurizer = Telco.Featurizer(ml).Fit(train);
        var data = featurizer.Transform(train);
        var scoring = featurizer.Transform(test);
        foreach (var optimizer in new[] { OptimizerKind.Sgd, OptimizerKind.Adam })
        foreach (var behaviour in Enum.GetValues<DivergenceBehavior>())
        {
            var options = new BackpropTrainer.Options
            {
                LearningRate = 10f, Optimizer = optimizer, NumberOfEpochs = 10, Seed = 0, OnDivergence = behaviour, ValidationFraction = 0.2f,
            };
            try
            {
                var model = new BackpropTrainer(ml, options).Fit(data);
                model.Transform(scoring).GetColumn<float>("Probability").ShouldAllBe(p => float.IsFinite(p), $"{optimizer} {behaviour}");
            }
            catch (TrainingDivergedException e)
            {
                e.Message.ShouldContain("learning rate");
                if (behaviour == DivergenceBehavior.ReturnBestModel) e.Epoch.ShouldBe(1); // no finite epoch to return
            }
        }
    }
}
