using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>The hold-out in the cluster: drawn row by row from the seed, so the workers train on the rows the
/// single-process micro-batch mode trains on, and the coordinator scores the same held-out rows; early stopping, the
/// history, the calibration and a resumed run are then the single-process mode's bit for bit, for any worker count.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterHoldOutTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static BackpropTrainer.Options Automatic()
    {
        var options = ClusterFixture.Options();
        options.NumberOfEpochs = null; // automatic epochs: early stopping on the automatic hold-out
        return options;
    }

    internal static void ShouldTrainAlike(BackpropTransformer model, BackpropTransformer reference)
    {
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        var (history, expected) = (model.Model.History, reference.Model.History);
        history.Epochs.Select(e => e.ValidationLoss).ShouldBe(expected.Epochs.Select(e => e.ValidationLoss));
        history.Epochs.Select(e => e.TrainingLoss).ShouldBe(expected.Epochs.Select(e => e.TrainingLoss));
        (history.StopReason, history.BestEpoch).ShouldBe((expected.StopReason, expected.BestEpoch));
        history.Settings!.TrainingRows.ShouldBe(expected.Settings!.TrainingRows);
        history.Settings.ValidationRows.ShouldBe(expected.Settings.ValidationRows);
        history.Settings.HoldOutFraction.ShouldBe(expected.Settings.HoldOutFraction);
        history.Calibration!.Method.ShouldBe(expected.Calibration!.Method);
        history.Calibration.LogLossAfter.ShouldBe(expected.Calibration.LogLossAfter);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_DefaultsHoldOutAutomatically_OneTwoOrThreeWorkers_BitIdenticalToTheSingleProcess(int workers)
    {
        var reference = new BackpropTrainer(cluster.Ml, Automatic()).Fit(cluster.Data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Automatic(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers))).Fit(cluster.Data);

        ShouldTrainAlike(model, reference);
        var settings = model.Model.History.Settings!;
        settings.HoldOutFraction.ShouldBe(0.1f);
        settings.ValidationRows.ShouldBeInRange(40, 100); // about a tenth of 700 rows, drawn row by row
        (settings.TrainingRows + settings.ValidationRows).ShouldBe(ClusterFixture.Rows);
        settings.EarlyStoppingPatience.ShouldNotBeNull();
        model.Model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
        output.WriteLine($"{workers} workers: {model.Model.History.StopReason} after {model.Model.History.Epochs.Count} of {settings.MaximumEpochs} epochs, " +
            $"{settings.ValidationRows} held out; calibration {model.Model.History.Calibration!.Method}");
    }

    [Fact]
    public void Fit_ExplicitValidationFraction_AcceptedAndBitIdenticalToTheSingleProcess()
    {
        var options = ClusterFixture.Options();
        options.ValidationFraction = 0.25f;
        var reference = new BackpropTrainer(cluster.Ml, options).Fit(cluster.Data);
        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);

        ShouldTrainAlike(model, reference);
        model.Model.History.Settings!.HoldOutFraction.ShouldBe(0.25f);
        model.Model.History.Epochs.Count.ShouldBe(3); // a number of epochs is trained in full, validated every epoch
    }

    [Fact]
    public void Fit_ValidationDataGiven_WinsOverTheHoldOut()
    {
        var validation = cluster.Ml.Data.LoadFromEnumerable(MLNet.Backprop.Tests.TestSupport.Tabular.Rows(100, 22));
        var reference = new BackpropTrainer(cluster.Ml, Automatic()).Fit(cluster.Data, validation);
        var model = new DistributedBackpropTrainer(cluster.Ml, Automatic(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data, validation);

        ShouldTrainAlike(model, reference);
        model.Model.History.Settings!.HoldOutFraction.ShouldBe(0f);
        model.Model.History.Settings.TrainingRows.ShouldBe(ClusterFixture.Rows);
        model.Model.History.Settings.ValidationRows.ShouldBe(100);
    }

    [Fact]
    public void Fit_HoldOutRunStoppedAndRestartedFromItsCheckpoint_BitIdentical()
    {
        BackpropTrainer.Options Options()
        {
            var options = ClusterFixture.Options(epochs: 4);
            options.ValidationFraction = 0.2f;
            options.EarlyStoppingPatience = 3;
            return options;
        }
        var reference = new BackpropTrainer(cluster.Ml, Options()).Fit(cluster.Data);
        var clusterOptions = cluster.StopAfterEpoch2(Options());

        var reports = new List<ClusterEpochReport>();
        clusterOptions.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(), clusterOptions).Fit(cluster.Data);

        reports[0].ResumedFrom.ShouldNotBeNull().Epoch.ShouldBe(3);
        ShouldTrainAlike(model, reference);
    }

    [Fact]
    public void Fit_CheckpointOfARunWithoutHoldOut_NotResumedByARunWithOne()
    {
        var clusterOptions = cluster.StopAfterEpoch2(ClusterFixture.Options(epochs: 4));

        var second = ClusterFixture.Options(epochs: 4);
        second.ValidationFraction = 0.2f;
        Should.Throw<InvalidDataException>(() => new DistributedBackpropTrainer(cluster.Ml, second, clusterOptions).Fit(cluster.Data))
            .Message.ShouldContain(clusterOptions.CheckpointPath!);
    }
    [Fact]
    public void HeldOutRows_DenseHoldOutBeyondTheArrayLimit_RefusedNamingValidationFraction()
    {
        var backend = new Coordination.ClusterBackend(cluster.ClusterOptions(ClusterFixture.SiloNames), _ => { }) { MaxHeldOutValues = 4 * 5 - 1 }; // one value short of 5 rows of the 4 features
        int columns = cluster.Shards.Data.Columns;
        columns.ShouldBe(4);

        Should.Throw<InvalidOperationException>(() => backend.HeldOutRows([0, 5, 9, 200, 600], Network.Inputs.InputShape.Dense(columns)))
            .Message.ShouldBe($"The hold-out of 5 rows × {columns} features ({5 * columns} values) does not fit in one array (19) on the coordinator, " +
                "which scores it: set a smaller ValidationFraction, or pass validation data to Fit(train, validation).");
    }

    [Fact]
    public void HeldOutRows_SparseHoldOutBeyondTheArrayLimit_RefusedNamingValidationFractionAndCountingTheEntries()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-sparse-holdout-{Guid.NewGuid():N}");
        try
        {
            var options = new BackpropTrainer.Options { Task = BackpropTask.BinaryClassification };
            var shards = ShardSet.Write(cluster.Ml, MLNet.Backprop.Tests.TestSupport.SparseRows.Load(cluster.Ml, 200, 4000, 5, seed: 8), directory, 2, options);
            var backend = new Coordination.ClusterBackend(cluster.ClusterOptions(ClusterFixture.SiloNames, shards), _ => { }) { MaxHeldOutValues = 30 };
            var sparse = new Network.Inputs.InputShape(0, 4000);

            // 2 rows of 1 to 9 entries fit where 2 dense rows (8,000 values) would not; 150 rows (about 750 entries) do not.
            backend.HeldOutRows([0, 1], sparse).Rows.ShouldBe(2);
            Should.Throw<InvalidOperationException>(() => backend.HeldOutRows([.. Enumerable.Range(0, 150)], sparse))
                .Message.ShouldBe("The hold-out of 150 rows holds more than 30 non-zero feature values, more than one array holds, on the coordinator, " +
                    "which scores it: set a smaller ValidationFraction, or pass validation data to Fit(train, validation).");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
