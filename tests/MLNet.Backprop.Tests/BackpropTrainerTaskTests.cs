using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The three tasks end to end through ML.NET's catalogs and evaluators, on generated non-linear data.</summary>
public class BackpropTrainerTaskTests
{
    private static BackpropTrainer.Options Options(string label) => new()
    {
        LabelColumnName = label, HiddenLayers = [32, 16], NumberOfEpochs = 40, LearningRate = 0.01f, BatchSize = 32, Seed = 1,
    };

    [Fact]
    public void BinaryCatalog_NonLinearData_AucAboveNinetyFive()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.BinaryClassification.Trainers.Backprop(Options("Label")).Fit(Tabular.Load(ml, 2000, 1));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(Tabular.Load(ml, 1000, 2)));
        metrics.AreaUnderRocCurve.ShouldBeGreaterThan(0.95);
        metrics.Accuracy.ShouldBeGreaterThan(0.88);
        model.Model.Task.ShouldBe(BackpropTask.BinaryClassification);
    }

    [Fact]
    public void Catalogs_OneOptionsObjectForTwoTasks_CallersOptionsUnchangedAndEachTrainerItsTask()
    {
        var ml = new MLContext(seed: 1);
        var options = Options("Label");
        var binary = ml.BinaryClassification.Trainers.Backprop(options);
        options.Task.ShouldBe(BackpropTask.Auto);
        var regression = ml.Regression.Trainers.Backprop(options);
        options.Task.ShouldBe(BackpropTask.Auto);
        binary.Fit(Tabular.Load(ml, 200, 1)).Model.Task.ShouldBe(BackpropTask.BinaryClassification);
        Should.Throw<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { Task = BackpropTask.BinaryClassification }))
            .Message.ShouldContain("this catalog trains Regression");
        regression.ShouldNotBeNull();
    }

    [Fact]
    public void MulticlassCatalog_StringLabelsMappedToKeys_AccuracyAboveNinetyAndNamesBack()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.MulticlassClassification.Trainers.Backprop(Options("Label")))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        var model = pipeline.Fit(Tabular.Load(ml, 2000, 1));
        var scored = model.Transform(Tabular.Load(ml, 1000, 2));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        metrics.MicroAccuracy.ShouldBeGreaterThan(0.9);

        var actual = scored.GetColumn<string>("Class").ToArray();
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedClass").Select(p => p.ToString()).ToArray();
        predicted.Distinct().Order().ShouldBe(["NE", "NW", "S"]);
        predicted.Zip(actual).Count(p => p.First == p.Second).ShouldBeGreaterThan(900);

        var trainer = model.Cast<ITransformer>().OfType<BackpropTransformer>().Single();
        trainer.Model.ClassNames!.Order().ShouldBe(["NE", "NW", "S"]);
    }

    [Fact]
    public void RegressionCatalog_NonLinearTarget_RSquaredAboveNinety()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Regression.Trainers.Backprop(Options("Value")).Fit(Tabular.Load(ml, 3000, 1));
        var metrics = ml.Regression.Evaluate(model.Transform(Tabular.Load(ml, 1000, 2)), labelColumnName: "Value");
        metrics.RSquared.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void NewTrainer_TaskAuto_InferredFromLabelType()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 200, 1);
        var options = Options("Value");
        options.NumberOfEpochs = 1;
        new BackpropTrainer(ml, options).Fit(data).Model.Task.ShouldBe(BackpropTask.Regression);
        options.LabelColumnName = "Label";
        new BackpropTrainer(ml, options).Fit(data).Model.Task.ShouldBe(BackpropTask.BinaryClassification);
    }

    [Fact]
    public void SimpleOverload_DefaultsFromOptions()
    {
        var ml = new MLContext(seed: 1);
        var trainer = ml.BinaryClassification.Trainers.Backprop(numberOfEpochs: 3, hiddenLayers: [8]);
        trainer.TrainerOptions.NumberOfEpochs.ShouldBe(3);
        trainer.TrainerOptions.HiddenLayers.ShouldBe([8]);
        trainer.TrainerOptions.BatchSize.ShouldBe(new BackpropTrainer.Options().BatchSize);
        trainer.Fit(Tabular.Load(ml, 100, 1)).Model.History.Epochs.Count.ShouldBe(3);
    }

    [Fact]
    public void CrossValidate_Binary_FiveFoldsEachAboveNinety()
    {
        var ml = new MLContext(seed: 1);
        var results = ml.BinaryClassification.CrossValidate(Tabular.Load(ml, 1500, 3), ml.BinaryClassification.Trainers.Backprop(Options("Label")), numberOfFolds: 5);
        results.Count.ShouldBe(5);
        results.ShouldAllBe(r => r.Metrics.AreaUnderRocCurve > 0.9);
    }

    [Fact]
    public void CrossValidate_MulticlassAndRegression_EveryFoldLearns()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Key", "Class").Fit(Tabular.Load(ml, 1200, 3)).Transform(Tabular.Load(ml, 1200, 3));
        ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.Backprop(Options("Key")), numberOfFolds: 3, labelColumnName: "Key")
            .ShouldAllBe(r => r.Metrics.MicroAccuracy > 0.85);
        ml.Regression.CrossValidate(data, ml.Regression.Trainers.Backprop(Options("Value")), numberOfFolds: 3, labelColumnName: "Value")
            .ShouldAllBe(r => r.Metrics.RSquared > 0.8);
    }

    [Fact]
    public void TrainTestSplit_ThenFit_Works()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Tabular.Load(ml, 1500, 4), testFraction: 0.2, seed: 1);
        var model = ml.BinaryClassification.Trainers.Backprop(Options("Label")).Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void PermutationFeatureImportance_WholeChain_RanksInformativeFeaturesFirst()
    {
        // x3 carries no signal: it must come last.
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Backprop(Options("Label")));
        var data = Tabular.Load(ml, 2000, 5);
        var model = pipeline.Fit(data);
        var importance = ml.PermutationFeatureImportance(model, data, permutationCount: 2);
        importance.Count.ShouldBe(4);
        importance[^1].Slot.ShouldBe(3);
        importance[0].Decrease.ShouldBeGreaterThan(0.1);
        importance[0].Metric.ShouldBe("AUC");
    }

    [Fact]
    public void PredictionEngine_Binary_MatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.BinaryClassification.Trainers.Backprop(Options("Label")).Fit(Tabular.Load(ml, 500, 1));
        var rows = Tabular.Rows(20, 9);
        var engine = ml.Model.CreatePredictionEngine<TabularRow, BinaryScore>(model);
        var batch = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Probability").ToArray();
        for (int i = 0; i < rows.Count; i++) engine.Predict(rows[i]).Probability.ShouldBe(batch[i]);
    }

    public sealed class BinaryScore
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
