using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Experiments.Tests;

public class ExperimentSweepTests
{
    private static BackpropTrainer.Options Base() => new()
    {
        HiddenLayers = [8, 8], NumberOfEpochs = 5, BatchSize = 32, ValidationFraction = 0.2f,
    };

    [Fact]
    public void The_grid_is_the_product_of_the_axes_with_first_axis_slowest()
    {
        var sweep = new ExperimentSweep(Base())
            .WithLearningRates(0.1f, 0.01f, 0.001f)
            .WithActivations(Activation.ReLU, Activation.Tanh)
            .WithClipNorms(null, 1f);

        sweep.Count.ShouldBe(12);
        var grid = sweep.Configurations();
        grid.Count.ShouldBe(12);
        grid.Select(c => c.Label).Distinct().Count().ShouldBe(12);
        grid[0].Label.ShouldBe("lr=0.1, act=ReLU, clip=off");
        grid[1].Label.ShouldBe("lr=0.1, act=ReLU, clip=1");
        grid[11].Label.ShouldBe("lr=0.001, act=Tanh, clip=1");
        grid[11].Options.LearningRate.ShouldBe(0.001f);
        grid[11].Options.Activation.ShouldBe(Activation.Tanh);
        grid[11].Options.GradientClipNorm.ShouldBe(1f);
        grid[0].Options.GradientClipNorm.ShouldBeNull();
        grid.ShouldAllBe(c => c.Options.Seed == 0 && c.Options.NumberOfThreads == 1 && c.Options.NumberOfEpochs == 5);
    }

    [Fact]
    public void Runs_do_not_share_mutable_options()
    {
        var options = Base();
        var sweep = new ExperimentSweep(options).WithHiddenLayers([4], [16, 8]);
        options.HiddenLayers[0] = 99; // the sweep copied the base options
        var grid = sweep.Configurations();
        grid[0].Options.HiddenLayers.ShouldBe([4]);
        grid[1].Options.HiddenLayers.ShouldBe([16, 8]);
        grid[1].Label.ShouldBe("hidden=16x8");
        sweep.BaseOptions.HiddenLayers.ShouldBe([8, 8]);
    }

    [Fact]
    public void A_bad_value_fails_before_any_training()
    {
        var ml = new MLContext(0);
        var sweep = new ExperimentSweep(Base()).WithLearningRates(0.01f, -1f);
        Should.Throw<ArgumentOutOfRangeException>(() => sweep.Run(ml, Tabular.Load(ml, 50, 1), Tabular.Load(ml, 50, 2)));
        Should.Throw<ArgumentException>(() => sweep.WithLearningRates(0.1f)); // same axis twice
        Should.Throw<ArgumentException>(() => new ExperimentSweep().WithActivations());
    }

    [Fact]
    public void WithAxis_TwoValuesLabelledAlike_ThrowsNamingThemAndTheLabel()
    {
        // Before: accepted; the table, the legends and the report showed two runs under one label.
        var ex = Should.Throw<ArgumentException>(() => new ExperimentSweep(Base()).WithAxis("Dropout", new[] { 0.1f, 0.2f, 0.12f }, v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture), (o, v) => o.Dropout = v));
        ex.ParamName.ShouldBe("label");
        ex.Message.ShouldContain("Axis 'Dropout' labels values 0 and 2 alike ('0.1')");
        new ExperimentSweep(Base()).WithLearningRates(0.01f, 0.001f).Count.ShouldBe(2);
    }

    [Fact]
    public void WithHiddenLayers_NullShape_ThrowsNamingItsIndex()
    {
        // Before: NullReferenceException from inside the axis' label.
        var ex = Should.Throw<ArgumentException>(() => new ExperimentSweep(Base()).WithHiddenLayers([4], null!));
        ex.ParamName.ShouldBe("values");
        ex.Message.ShouldContain("Axis 'HiddenLayers': value 1 is null");
        new ExperimentSweep(Base()).WithHiddenLayers([4], []).Configurations()[1].Label.ShouldBe("hidden=linear");
    }

    [Fact]
    public void Parallel_and_sequential_sweeps_give_bit_identical_results()
    {
        var ml = new MLContext(0);
        var train = Tabular.Load(ml, 400, 1);
        var test = Tabular.Load(ml, 200, 2);
        ExperimentSweep Sweep(int parallelism) => new ExperimentSweep(Base()) { MaxDegreeOfParallelism = parallelism }
            .WithLearningRates(0.05f, 0.005f)
            .WithActivations(Activation.ReLU, Activation.Tanh);

        var sequential = Sweep(1).Run(ml, train, test);
        var parallel = Sweep(4).Run(ml, train, test);

        sequential.Runs.Count.ShouldBe(4);
        parallel.Runs.Count.ShouldBe(4);
        for (int i = 0; i < 4; i++)
        {
            var (s, p) = (sequential.Runs[i], parallel.Runs[i]);
            p.Label.ShouldBe(s.Label);
            p.Metrics.Keys.ShouldBe(s.Metrics.Keys);
            foreach (var (name, value) in s.Metrics) BitConverter.DoubleToInt64Bits(p.Metrics[name]).ShouldBe(BitConverter.DoubleToInt64Bits(value), name);
            BitConverter.DoubleToInt64Bits(p.FinalTrainingLoss).ShouldBe(BitConverter.DoubleToInt64Bits(s.FinalTrainingLoss));
            p.FinalValidationLoss.ShouldBe(s.FinalValidationLoss);
            p.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(s.History.Epochs.Select(e => e.TrainingLoss));
        }
    }

    [Fact]
    public void Binary_runs_carry_metrics_losses_history_and_the_table_shows_them()
    {
        var ml = new MLContext(0);
        var result = new ExperimentSweep(Base()).WithLearningRates(0.05f, 0.0001f).Run(ml, Tabular.Load(ml, 400, 1), Tabular.Load(ml, 200, 2));

        result.Runs.Count.ShouldBe(2);
        foreach (var run in result.Runs)
        {
            run.Succeeded.ShouldBeTrue();
            run.Task.ShouldBe(BackpropTask.BinaryClassification);
            run.Metrics.Keys.ShouldBe([SweepMetrics.Auc, SweepMetrics.PrAuc, SweepMetrics.Accuracy, SweepMetrics.LogLoss]);
            run.Metric(SweepMetrics.PrAuc).ShouldBeInRange(0.0, 1.0);
            run.Epochs.ShouldBe(5);
            run.BestEpoch.ShouldBe(5);
            run.FinalValidationLoss.ShouldNotBeNull();
            run.History.Epochs.Count.ShouldBe(5);
            run.Model.ShouldNotBeNull();
            run.Diagnosis.ShouldNotBeNull();
        }
        result.Best()!.Label.ShouldBe("lr=0.05"); // the tiny learning rate barely moves in 5 epochs
        result.Runs[0].Metric(SweepMetrics.Auc).ShouldBeGreaterThan(result.Runs[1].Metric(SweepMetrics.Auc));

        string table = result.ToTable();
        string[] lines = table.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(4);
        lines[0].ShouldContain("LearningRate");
        lines[0].ShouldContain("AUC");
        lines[0].ShouldContain("PR-AUC");
        lines[0].ShouldContain("TrainLoss");
        lines[0].ShouldContain("Findings");
        lines[2].ShouldContain("0.05");
        lines[3].ShouldContain("0.0001");
        lines[2].IndexOf("  ", StringComparison.Ordinal).ShouldBeGreaterThan(0);
        lines[2].Length.ShouldBeLessThanOrEqualTo(lines[1].Length);
    }

    [Fact]
    public void Regression_and_multiclass_runs_use_their_evaluators()
    {
        var ml = new MLContext(0);
        var regression = new ExperimentSweep(new BackpropTrainer.Options { LabelColumnName = "Value", HiddenLayers = [8], NumberOfEpochs = 3, Task = BackpropTask.Regression })
            .WithActivations(Activation.ReLU)
            .Run(ml, Tabular.Load(ml, 300, 1), Tabular.Load(ml, 100, 2));
        regression.Runs[0].Metrics.Keys.ShouldBe([SweepMetrics.Rmse, SweepMetrics.RSquared]);
        regression.Runs[0].FinalValidationLoss.ShouldBeNull();

        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(Tabular.Load(ml, 300, 1));
        var multiclass = new ExperimentSweep(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3 })
            .WithOptimizers(OptimizerKind.Adam, OptimizerKind.Sgd)
            .Run(ml, toKey.Transform(Tabular.Load(ml, 300, 1)), toKey.Transform(Tabular.Load(ml, 100, 2)));
        multiclass.Runs.Count.ShouldBe(2);
        multiclass.Runs.ShouldAllBe(r => r.Task == BackpropTask.MulticlassClassification);
        multiclass.Runs[0].Metrics.Keys.ShouldBe([SweepMetrics.MicroAccuracy, SweepMetrics.MacroAccuracy, SweepMetrics.LogLoss]);
        multiclass.ToTable().ShouldContain("MicroAccuracy");
    }

    [Fact]
    public void A_diverging_run_is_recorded_as_failed_and_the_others_still_run()
    {
        var ml = new MLContext(0);
        var result = new ExperimentSweep(new BackpropTrainer.Options { HiddenLayers = [16, 16], NumberOfEpochs = 5, Optimizer = OptimizerKind.Sgd, Activation = Activation.ReLU })
            .WithLearningRates(1e6f, 0.01f)
            .Run(ml, Tabular.Load(ml, 300, 1), Tabular.Load(ml, 100, 2));

        result.Runs[1].Succeeded.ShouldBeTrue();
        var failed = result.Runs[0];
        failed.Succeeded.ShouldBeFalse();
        failed.Error.ShouldNotBeNullOrWhiteSpace();
        failed.Metrics.ShouldBeEmpty();
        failed.Model.ShouldBeNull();
        failed.Task.ShouldBe(BackpropTask.BinaryClassification);
        failed.Diagnosis.Findings.ShouldContain(f => f.Kind == MLNet.Backprop.FindingKind.Divergence);
        result.ToTable().ShouldContain("DIVERGED");
        result.Best().ShouldBe(result.Runs[1]);
    }

    [Fact]
    public void Run_TwoRunsFailingAtOnce_ThrowsTheLowerIndexRunsExceptionAsOneRunAtATimeWould()
    {
        // Run 1 fails at once and run 0 only after it: with both in flight, the sweep threw an AggregateException of the
        // two (and, had run 0 been alone in flight, its own exception): which one came depended on timing.
        var ml = new MLContext(0);
        using var runOneFailed = new ManualResetEventSlim();
        var sweep = new ExperimentSweep(Base()) { MaxDegreeOfParallelism = 2 }.WithLearningRates(0.1f, 0.01f);
        sweep.RunOne = (c, _, _) =>
        {
            if (c.Index == 1)
            {
                runOneFailed.Set();
                throw new InvalidOperationException("run 1 failed");
            }
            if (!runOneFailed.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("run 1 never started");
            throw new InvalidOperationException("run 0 failed");
        };
        var ex = Should.Throw<InvalidOperationException>(() => sweep.Run(ml, Tabular.Load(ml, 60, 1), Tabular.Load(ml, 30, 2)));
        ex.Message.ShouldBe("run 0 failed");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_CancelledWhileRunsTrain_OperationCanceledWhateverTheParallelism(int parallelism)
    {
        // A run's OperationCanceledException is not a run's failure: the sweep ends with it, not with a recorded error.
        var ml = new MLContext(0);
        using var cancel = new CancellationTokenSource();
        var options = Base();
        options.NumberOfEpochs = 200;
        var sweep = new ExperimentSweep(options) { MaxDegreeOfParallelism = parallelism }.WithLearningRates(0.1f, 0.01f, 0.001f, 0.0001f);
        sweep.RunOne = (c, train, test) =>
        {
            cancel.Cancel(); // the run's Fit sees it at its first mini-batch
            return SweepRunner.Run(c, train, test);
        };
        Should.Throw<OperationCanceledException>(() => sweep.Run(ml, Tabular.Load(ml, 240, 1), Tabular.Load(ml, 60, 2), cancel.Token));
    }

    [Fact]
    public void Run_AFailureFound_RunsAboveItThatHaveNotStartedAreNotTrained()
    {
        // One run at a time: run 1 fails, runs 2 and 3 are never started (the sweep ends with run 1's exception).
        var ml = new MLContext(0);
        var started = new List<int>();
        var sweep = new ExperimentSweep(Base()) { MaxDegreeOfParallelism = 1 }.WithLearningRates(0.1f, 0.01f, 0.001f, 0.0001f);
        sweep.RunOne = (c, train, test) =>
        {
            started.Add(c.Index);
            return c.Index == 1 ? throw new InvalidOperationException("run 1 failed") : SweepRunner.Run(c, train, test);
        };
        Should.Throw<InvalidOperationException>(() => sweep.Run(ml, Tabular.Load(ml, 60, 1), Tabular.Load(ml, 30, 2))).Message.ShouldBe("run 1 failed");
        started.ShouldBe([0, 1]);
    }

    [Fact]
    public void Run_DataErrorInEveryRunFoundAtFit_TheSameSingleExceptionWhateverTheParallelism()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        foreach (var row in rows) row.Weight = row.Label ? 0f : 1f; // found by every run's Fit, not before: Balanced has no weight for class true
        var options = Base();
        options.ExampleWeightColumnName = "Weight";
        options.ClassWeighting = ClassWeighting.Balanced;
        ExperimentSweep Sweep(int parallelism) => new ExperimentSweep(options) { MaxDegreeOfParallelism = parallelism }
            .WithLearningRates(0.1f, 0.03f, 0.01f, 0.003f, 0.001f, 0.0003f);
        var data = ml.Data.LoadFromEnumerable(rows);
        var one = Should.Throw<InvalidOperationException>(() => Sweep(1).Run(ml, data, Tabular.Load(ml, 60, 2)));
        for (int attempt = 0; attempt < 3; attempt++)
            Should.Throw<InvalidOperationException>(() => Sweep(4).Run(ml, data, Tabular.Load(ml, 60, 2))).Message.ShouldBe(one.Message);
        one.Message.ShouldContain("'Weight'");
    }

    [Fact]
    public void MaxDegreeOfParallelism_BelowOne_ThrowsNamingIt()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new ExperimentSweep { MaxDegreeOfParallelism = 0 });
        ex.ParamName.ShouldBe(nameof(ExperimentSweep.MaxDegreeOfParallelism));
    }

    [Fact]
    public void Run_OneClassTestData_ThrowsNamingTheLabelBeforeTraining()
    {
        // Before: every run trained, then ML.NET's evaluator threw "AUC is not defined when there is no negative class"
        // (ParamName NegSample), ending the sweep with the runs' work lost.
        var ml = new MLContext(0);
        var rows = Tabular.Rows(30, 2);
        foreach (var row in rows) row.Label = true;
        var sweep = new ExperimentSweep(Base()).WithLearningRates(0.01f);
        var ex = Should.Throw<ArgumentException>(() => sweep.Run(ml, Tabular.Load(ml, 50, 1), ml.Data.LoadFromEnumerable(rows)));
        ex.ParamName.ShouldBe("test");
        ex.Message.ShouldContain("'Label' holds only true in the 30 rows of the test data");
    }

    /// <summary>Options of a regression on "Value", and 30 test rows whose value is 3.</summary>
    private static (BackpropTrainer.Options Options, List<TabularRow> TestRows) RegressionWithTestLabelsOfThree()
    {
        var options = Base();
        options.LabelColumnName = "Value";
        var rows = Tabular.Rows(30, 2);
        foreach (var row in rows) row.Value = 3f;
        return (options, rows);
    }

    [Fact]
    public void Run_RegressionTestLabelsAllEqual_ThrowsNamingTheLabelBeforeTraining()
    {
        // Before: every run trained and reported R² NaN as a result (ML.NET's evaluator divides by the labels' variance).
        var ml = new MLContext(0);
        var (options, rows) = RegressionWithTestLabelsOfThree();
        rows[4].Value = float.NaN; // a missing label is skipped, as the evaluator skips it
        var sweep = new ExperimentSweep(options).WithLearningRates(0.01f);
        var ex = Should.Throw<ArgumentException>(() => sweep.Run(ml, Tabular.Load(ml, 50, 1), ml.Data.LoadFromEnumerable(rows)));
        ex.ParamName.ShouldBe("test");
        ex.Message.ShouldStartWith("Label column 'Value' is 3 in every one of the 29 labelled rows of the test data: the runs' evaluation needs labels " +
            "that vary (its metric is R², undefined when they do not).");
    }

    [Fact]
    public void Run_RegressionTestLabelsThatVary_RunsAndReportsAFiniteRSquared()
    {
        var ml = new MLContext(0);
        var (options, rows) = RegressionWithTestLabelsOfThree();
        rows[29].Value = 4f; // the only row that differs is the last: the check reads on until it finds one
        var result = new ExperimentSweep(options).WithLearningRates(0.01f).Run(ml, Tabular.Load(ml, 50, 1), ml.Data.LoadFromEnumerable(rows));
        double.IsFinite(result.Runs[0].Metric(SweepMetrics.RSquared)).ShouldBeTrue();
    }

    [Fact]
    public void Run_EmptyTestData_ThrowsSayingItHasNoLabelledRow()
    {
        var ml = new MLContext(0);
        var sweep = new ExperimentSweep(Base()).WithLearningRates(0.01f);
        var ex = Should.Throw<ArgumentException>(() => sweep.Run(ml, Tabular.Load(ml, 50, 1), ml.Data.LoadFromEnumerable(new List<TabularRow>())));
        ex.ParamName.ShouldBe("test");
        ex.Message.ShouldContain("The test data has no row with a label in 'Label'");
    }

    [Fact]
    public void Run_TestFeaturesWiderThanTheTrainingFeatures_ThrowsNamingBothBeforeTraining()
    {
        // Before: the runs trained, then scoring threw ArgumentOutOfRangeException "Schema mismatch for feature column …".
        var ml = new MLContext(0);
        var test = Tabular.Load(ml, 100, 2);
        var wider = ml.Transforms.Concatenate("Features", "Features", "Features").Fit(test).Transform(test);
        var sweep = new ExperimentSweep(Base()).WithLearningRates(0.01f, 0.001f);
        var ex = Should.Throw<ArgumentException>(() => sweep.Run(ml, Tabular.Load(ml, 240, 1), wider));
        ex.ParamName.ShouldBe("test");
        ex.Message.ShouldStartWith("The test data's column 'Features' is Vector<Single, 8>; the training data's is Vector<Single, 4>");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Run_NonFiniteFeatureInATestRow_ThrowsNamingTheRowBeforeTraining(float value)
    {
        // Before: every run trained, then scoring the test rows threw InvalidDataException "… holds NaN in slot 1 at row 3 …"
        // and the sweep's results were lost. The training rows' option does not help: scoring skips no row.
        var ml = new MLContext(0);
        var test = Tabular.Rows(100, 2);
        test[3].Features[1] = value;
        var options = Base();
        options.SkipRowsWithNonFiniteFeatures = true;
        var sweep = new ExperimentSweep(options).WithLearningRates(0.01f, 0.001f);
        var ex = Should.Throw<ArgumentException>(() => sweep.Run(ml, Tabular.Load(ml, 240, 1), ml.Data.LoadFromEnumerable(test)));
        ex.ParamName.ShouldBe("test");
        ex.Message.ShouldStartWith($"The test data's feature column 'Features' holds {value} at slot 1 in row 3 (counting from 0)");
    }

    [Fact]
    public void Run_TestDataWithoutTheLabelColumn_ThrowsNamingIt()
    {
        var ml = new MLContext(0);
        var options = Base();
        options.LabelColumnName = "Value";
        var test = ml.Transforms.DropColumns("Value").Fit(Tabular.Load(ml, 20, 2)).Transform(Tabular.Load(ml, 20, 2));
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new ExperimentSweep(options).WithLearningRates(0.01f).Run(ml, Tabular.Load(ml, 50, 1), test));
        ex.ParamName.ShouldBe("label");
        ex.Message.ShouldContain("'Value'");
    }

    [Fact]
    public void WithAxis_GridBeyondIntMaxValueRuns_ThrowsNamingTheAxisAndCount()
    {
        // Before: Count overflowed to 0 at the 32nd axis of two values, and the sweep ran no configuration.
        var sweep = new ExperimentSweep();
        for (int i = 0; i < 30; i++) sweep.WithAxis($"a{i}", [1, 2], v => v.ToString(), (_, _) => { });
        sweep.Count.ShouldBe(1 << 30);
        var ex = Should.Throw<ArgumentException>(() => sweep.WithAxis("a30", [1, 2], v => v.ToString(), (_, _) => { }));
        ex.ParamName.ShouldBe("values");
        ex.Message.ShouldContain("Axis 'a30'");
        ex.Message.ShouldContain("2,147,483,648 runs");
        sweep.Count.ShouldBe(1 << 30); // the axis was not added
    }
}
