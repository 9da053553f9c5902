using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>Early stopping, class balancing, progress, logging, cancellation, seeds, and bad data at Fit.</summary>
public class BackpropTrainerTrainingTests
{
    [Fact]
    public void Fit_ValidationFractionAndPatience_StopsEarlyAndRestoresBest()
    {
        var ml = new MLContext(seed: 1);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [256, 256], NumberOfEpochs = 300, LearningRate = 0.01f, BatchSize = 16, Seed = 1,
            ValidationFraction = 0.3f, EarlyStoppingPatience = 5, EarlyStoppingMetric = EarlyStoppingMetric.Auc,
        };
        var history = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 300, 1)).Model.History;
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        history.Epochs.Count.ShouldBe(history.BestEpoch + 5);
        history.Epochs.ShouldAllBe(e => e.ValidationMetric.HasValue && e.ValidationLoss.HasValue);
        history.Epochs.Max(e => e.ValidationMetric!.Value).ShouldBe(history.Epochs[history.BestEpoch - 1].ValidationMetric!.Value);
    }

    [Fact]
    public void Fit_ExplicitValidationData_ReportsItsLoss()
    {
        var ml = new MLContext(seed: 1);
        var trainer = new BackpropTrainer(ml, new BackpropTrainer.Options { NumberOfEpochs = 3, Seed = 1 });
        var history = trainer.Fit(Tabular.Load(ml, 200, 1), Tabular.Load(ml, 100, 2)).Model.History;
        history.Epochs.ShouldAllBe(e => e.ValidationLoss > 0);
    }

    [Fact]
    public void Fit_BalancedClassWeights_RaisesRecallOfRareClass()
    {
        // 10% positives: balancing must catch more of them at the default 0.5 threshold (the weighting itself, so without
        // the calibration that by default undoes its shift of the probabilities).
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(3000, 7);
        foreach (var row in rows) row.Label = row.Features[0] + 0.3f * row.Features[1] > 1.28f;
        var data = ml.Data.LoadFromEnumerable(rows);
        double Recall(ClassWeighting weighting)
        {
            var model = new BackpropTrainer(ml, new BackpropTrainer.Options
            {
                NumberOfEpochs = 10, Seed = 1, ClassWeighting = weighting, HiddenLayers = [16], Calibration = ProbabilityCalibration.None,
                // The plain stage leaves the unweighted fit room to miss positives (the default's embeddings catch 98.8% of
                // them unweighted here, balanced 100%: no 0.02 to gain).
                NumericEncoding = NumericEncoding.None,
            }).Fit(data);
            return ml.BinaryClassification.Evaluate(model.Transform(data)).PositiveRecall;
        }
        Recall(ClassWeighting.Balanced).ShouldBeGreaterThan(Recall(ClassWeighting.None) + 0.02);
    }

    [Fact]
    public void Fit_WeightColumn_ZeroWeightRowsIgnored()
    {
        // Flipping the labels of rows with weight 0 must not change training at all.
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(200, 1);
        for (int i = 0; i < rows.Count; i += 2) rows[i].Weight = 0;
        var flipped = rows.Select((r, i) => new TabularRow { Features = r.Features, Label = i % 2 == 0 ? !r.Label : r.Label, Weight = r.Weight }).ToList();
        float[] Train(List<TabularRow> data) => new BackpropTrainer(ml, new BackpropTrainer.Options { ExampleWeightColumnName = "Weight", NumberOfEpochs = 3, Seed = 2 })
            .Fit(ml.Data.LoadFromEnumerable(data)).Model.Network.Parameters[0].Values;
        Train(flipped).ShouldBe(Train(rows));
    }

    [Fact]
    public void Fit_LogsEpochsAndCallsProgress()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var reports = new List<EpochReport>();
        new BackpropTrainer(ml, new BackpropTrainer.Options { NumberOfEpochs = 3, Progress = reports.Add }).Fit(Tabular.Load(ml, 100, 1));
        reports.Select(r => r.Epoch).ShouldBe([1, 2, 3]);
        messages.Count(m => m.Contains("epoch ") && m.Contains("loss=")).ShouldBe(3);
        messages.ShouldContain(m => m.Contains("Training a BinaryClassification MLP"));
    }

    [Fact]
    public void Fit_ProgressLambda_CalledOnTheTrainingThreadInOrderAsEachEpochEnds()
    {
        var ml = new MLContext(seed: 1);
        int thread = Environment.CurrentManagedThreadId;
        var seen = new List<(int Epoch, int Thread, long Elapsed)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            NumberOfEpochs = 4, Progress = r => seen.Add((r.Epoch, Environment.CurrentManagedThreadId, clock.ElapsedTicks)),
        }).Fit(Tabular.Load(ml, 100, 1));
        long end = clock.ElapsedTicks;

        seen.Select(s => s.Epoch).ShouldBe([1, 2, 3, 4]); // all delivered when Fit returns, in order
        seen.ShouldAllBe(s => s.Thread == thread && s.Elapsed <= end);
    }

    [Fact]
    public void Fit_CancelledDuringTraining_ThrowsAndTrainerStaysUsable()
    {
        var ml = new MLContext(seed: 1);
        using var cts = new CancellationTokenSource();
        var options = new BackpropTrainer.Options { NumberOfEpochs = 1000, CancellationToken = cts.Token, Progress = r => { if (r.Epoch == 2) cts.Cancel(); } };
        var trainer = new BackpropTrainer(ml, options);
        var data = Tabular.Load(ml, 500, 1);
        Should.Throw<OperationCanceledException>(() => trainer.Fit(data));
        options.CancellationToken = CancellationToken.None;
        options.Progress = null;
        options.NumberOfEpochs = 2;
        new BackpropTrainer(ml, options).Fit(data).Model.History.Epochs.Count.ShouldBe(2);
    }

    [Fact]
    public void Fit_SameMLContextSeed_SameWeights()
    {
        float[] Train() => new BackpropTrainer(new MLContext(seed: 5), new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(Tabular.Load(new MLContext(), 100, 1)).Model.Network.Parameters[0].Values;
        Train().ShouldBe(Train());
    }

    [Fact]
    public void Fit_NaNFeature_ThrowsNamingRowAndAdvice()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(50, 1);
        rows[17].Features[2] = float.NaN;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options()).Fit(ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("row 17");
        ex.Message.ShouldContain("slot 2");
        ex.Message.ShouldContain("ReplaceMissingValues");
    }

    [Fact]
    public void Fit_NaNFeatureWithSkipOption_SkipsAndLogsCount()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        var rows = Tabular.Rows(50, 1);
        rows[3].Features[0] = float.PositiveInfinity;
        rows[9].Features[1] = float.NaN;
        new BackpropTrainer(ml, new BackpropTrainer.Options { NumberOfEpochs = 1, SkipRowsWithNonFiniteFeatures = true }).Fit(ml.Data.LoadFromEnumerable(rows));
        warnings.ShouldContain(w => w.Contains("Skipped 2 training rows"));
    }

    [Fact]
    public void Fit_EmptyData_ThrowsSayingEmpty()
    {
        var ml = new MLContext();
        Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options()).Fit(ml.Data.LoadFromEnumerable(new List<TabularRow>())))
            .Message.ShouldContain("empty");
    }

    [Fact]
    public void Fit_SingleClass_ThrowsNamingLabel()
    {
        var ml = new MLContext();
        var rows = Tabular.Rows(30, 1);
        rows.ForEach(r => r.Label = true);
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options()).Fit(ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("'Label'");
        ex.Message.ShouldContain("single class");
    }

    [Fact]
    public void Catalog_OptionsWithOtherTask_ThrowsNamingTask()
    {
        var ml = new MLContext();
        Should.Throw<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { Task = BackpropTask.BinaryClassification }))
            .ParamName.ShouldBe("Task");
    }

    [Fact]
    public void Fit_LossNotFittingTask_ThrowsNamingLoss()
    {
        var ml = new MLContext();
        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options { Loss = LossFunction.Huber }).Fit(Tabular.Load(ml, 20, 1)))
            .ParamName.ShouldBe("Loss");
    }
}
