using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Tests;

/// <summary>The mode matrix, as a table: what each mode and option combination resolves to. No MLContext and no rows:
/// the plan is a function of the options, the task, the counting pass and whether validation data was given.</summary>
public class FitPlanTests
{
    private const int Processors = 8;

    /// <summary>One row of the matrix: the options' mode settings and the data, then what the plan must say.</summary>
    internal sealed record Row(string Name, FitMode Mode, BackpropTask Task, bool RawFeatures, bool ValidationGiven, Action<BackpropTrainer.Options> Set,
        int Networks, bool ChangesFeatures, bool ChangesTarget, float? HoldOut, FinalOutputCheck FinalCheck, int? MicroBatch, int AtOnce, int Threads);

    public static TheoryData<string> Matrix() => new(Rows.Select(r => r.Name));

    private static readonly Row[] Rows =
    [
        new("in memory, defaults", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false, _ => { },
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("in memory, one network on standardised features", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: false, ValidationGiven: false,
            o => o.EnsembleSize = 1,
            Networks: 1, ChangesFeatures: false, ChangesTarget: false, HoldOut: null, FinalOutputCheck.EachNetwork, MicroBatch: null, AtOnce: 1, Threads: Processors),
        new("in memory, one network, regression", FitMode.InMemory, BackpropTask.Regression, RawFeatures: false, ValidationGiven: false,
            o => o.EnsembleSize = 1,
            Networks: 1, ChangesFeatures: false, ChangesTarget: true, HoldOut: null, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 1, Threads: Processors),
        new("in memory, standardisation off", FitMode.InMemory, BackpropTask.Regression, RawFeatures: true, ValidationGiven: false,
            o => { o.EnsembleSize = 1; o.StandardizeFeatures = false; o.StandardizeLabel = false; },
            Networks: 1, ChangesFeatures: false, ChangesTarget: false, HoldOut: null, FinalOutputCheck.EachNetwork, MicroBatch: null, AtOnce: 1, Threads: Processors),
        new("in memory, validation data given", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: true, _ => { },
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("in memory, fixed epochs (no early stopping)", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => o.NumberOfEpochs = 10,
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("in memory, explicit hold-out", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => o.ValidationFraction = 0.2f,
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0.2f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("in memory, two threads for four networks", FitMode.InMemory, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => o.NumberOfThreads = 2,
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 2, Threads: 1),
        new("streaming, defaults", FitMode.Streaming, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => o.DataLoading = DataLoading.Streaming,
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("streaming, validation data given", FitMode.Streaming, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: true,
            o => o.DataLoading = DataLoading.Streaming,
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("streaming, fixed epochs (no early stopping)", FitMode.Streaming, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => { o.DataLoading = DataLoading.Streaming; o.NumberOfEpochs = 10; },
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("streaming, explicit hold-out", FitMode.Streaming, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => { o.DataLoading = DataLoading.Streaming; o.ValidationFraction = 0.2f; },
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0.2f, FinalOutputCheck.Model, MicroBatch: null, AtOnce: 4, Threads: 1),
        new("local micro-batch: one network on the features and the label standardised, the automatic hold-out", FitMode.LocalMicroBatch,
            BackpropTask.Regression, RawFeatures: true, ValidationGiven: false, o => o.MicroBatchSize = 8,
            Networks: 1, ChangesFeatures: true, ChangesTarget: true, HoldOut: null, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("local micro-batch, fixed epochs (no early stopping)", FitMode.LocalMicroBatch, BackpropTask.Regression, RawFeatures: true, ValidationGiven: false,
            o => { o.MicroBatchSize = 8; o.NumberOfEpochs = 10; },
            Networks: 1, ChangesFeatures: true, ChangesTarget: true, HoldOut: 0f, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("local micro-batch, StandardizeLabel off: the label as given", FitMode.LocalMicroBatch, BackpropTask.Regression, RawFeatures: true,
            ValidationGiven: false, o => { o.MicroBatchSize = 8; o.StandardizeLabel = false; },
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("local micro-batch, explicit hold-out", FitMode.LocalMicroBatch, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => { o.MicroBatchSize = 8; o.ValidationFraction = 0.25f; },
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0.25f, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("cluster: the workers hold the rows", FitMode.Cluster, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: true,
            o => o.MicroBatchSize = 16,
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0f, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("cluster, defaults: the automatic hold-out", FitMode.Cluster, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => o.MicroBatchSize = 16,
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("cluster, regression: the features and the label standardised (the manifest's moments)", FitMode.Cluster, BackpropTask.Regression,
            RawFeatures: true, ValidationGiven: false, o => o.MicroBatchSize = 16,
            Networks: 1, ChangesFeatures: true, ChangesTarget: true, HoldOut: null, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("cluster, regression, StandardizeLabel off", FitMode.Cluster, BackpropTask.Regression, RawFeatures: true, ValidationGiven: false,
            o => { o.MicroBatchSize = 16; o.StandardizeLabel = false; },
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("cluster, explicit hold-out", FitMode.Cluster, BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false,
            o => { o.MicroBatchSize = 16; o.ValidationFraction = 0.25f; },
            Networks: 1, ChangesFeatures: true, ChangesTarget: false, HoldOut: 0.25f, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("local micro-batch, EnsembleSize set: its networks one after another, each on every thread", FitMode.LocalMicroBatch,
            BackpropTask.Regression, RawFeatures: true, ValidationGiven: false, o => { o.MicroBatchSize = 8; o.EnsembleSize = 3; },
            Networks: 3, ChangesFeatures: true, ChangesTarget: true, HoldOut: null, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("local micro-batch, EnsembleSize set to the in-memory default: four networks", FitMode.LocalMicroBatch,
            BackpropTask.BinaryClassification, RawFeatures: true, ValidationGiven: false, o => { o.MicroBatchSize = 8; o.EnsembleSize = Defaults.EnsembleSize; },
            Networks: 4, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("cluster, EnsembleSize set: its networks one after another", FitMode.Cluster, BackpropTask.BinaryClassification, RawFeatures: true,
            ValidationGiven: false, o => { o.MicroBatchSize = 16; o.EnsembleSize = 2; },
            Networks: 2, ChangesFeatures: true, ChangesTarget: false, HoldOut: null, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
        new("local micro-batch, StandardizeFeatures off: the features as given", FitMode.LocalMicroBatch, BackpropTask.Regression, RawFeatures: true,
            ValidationGiven: false, o => { o.MicroBatchSize = 8; o.StandardizeFeatures = false; },
            Networks: 1, ChangesFeatures: false, ChangesTarget: true, HoldOut: null, FinalOutputCheck.Model, MicroBatch: 8, AtOnce: 1, Threads: Processors),
        new("cluster, StandardizeFeatures off: the features as given", FitMode.Cluster, BackpropTask.BinaryClassification, RawFeatures: true,
            ValidationGiven: false, o => { o.MicroBatchSize = 16; o.StandardizeFeatures = false; },
            Networks: 1, ChangesFeatures: false, ChangesTarget: false, HoldOut: null, FinalOutputCheck.None, MicroBatch: 16, AtOnce: 1, Threads: Processors),
    ];

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Resolve_ModeAndOptions_GiveTheMatrixRow(string name)
    {
        var row = Rows.Single(r => r.Name == name);
        var options = new BackpropTrainer.Options();
        row.Set(options);
        FitPlan.ModeOf(options, hasBackend: row.Mode == FitMode.Cluster).ShouldBe(row.Mode, row.Name);

        var plan = FitPlan.Resolve(options, row.Mode, row.Task, MLNet.Backprop.Network.Losses.LossFunctions.NaturalFor(row.Task), Summary(row.RawFeatures, row.Task),
            row.ValidationGiven, Processors);

        plan.Networks.ShouldBe(row.Networks, row.Name);
        plan.Standardization.ChangesFeatures.ShouldBe(row.ChangesFeatures, row.Name);
        plan.Standardization.ChangesTarget.ShouldBe(row.ChangesTarget, row.Name);
        plan.HoldOut.ShouldBe(row.HoldOut, row.Name);
        plan.FinalCheck.ShouldBe(row.FinalCheck, row.Name);
        plan.MicroBatchSize.ShouldBe(row.MicroBatch, row.Name);
        plan.NetworksAtOnce.ShouldBe(row.AtOnce, row.Name);
        plan.ThreadsPerNetwork.ShouldBe(row.Threads, row.Name);
        plan.Training.CheckFinalOutputs.ShouldBe(row.FinalCheck == FinalOutputCheck.EachNetwork, row.Name);
    }

    /// <summary>The input path as a table: the counted rows' density against the threshold, or the option.</summary>
    [Theory]
    [InlineData(0.002, null, true, false)]
    [InlineData(0.05, null, true, false)]
    [InlineData(0.0501, null, false, true)]
    [InlineData(0.9, null, false, true)]
    [InlineData(0.9, true, true, false)]
    [InlineData(0.002, false, false, true)]
    public void Resolve_DensityAndSparseInput_PickThePathAndStandardiseTheDenseOneOnly(double density, bool? option, bool sparse, bool standardises)
    {
        // The plain encoding: the dense path's own block (the automatic stage: InputStageOf's tests).
        var options = new BackpropTrainer.Options { SparseInput = option, NumericEncoding = NumericEncoding.None };
        var summary = DensitySummary(density);
        var plan = FitPlan.Resolve(options, FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy, summary, false, Processors);

        plan.Inputs.SparseWidth.ShouldBe(sparse ? 100 : 0);
        plan.Inputs.DenseWidth.ShouldBe(sparse ? 0 : 100);
        var network = plan.ForNetwork(0, 1, 100, 1, 1_000, null).Architecture;
        (network.InputParts?[0].Kind ?? MLNet.Backprop.Network.Inputs.InputKind.Dense).ShouldBe(sparse ? MLNet.Backprop.Network.Inputs.InputKind.Sparse : MLNet.Backprop.Network.Inputs.InputKind.Dense);
        // Means of 5 and deviations of 3 standardise the dense path; a sparse block is taken as it comes.
        plan.Standardization.ChangesFeatures.ShouldBe(standardises);
        var row = new float[100];
        Array.Fill(row, 5f);
        plan.Standardization.ApplyToFeatures(row, 1);
        row[0].ShouldBe(standardises ? 0f : 5f);
    }

    /// <summary>ReLU is the sparse path's default activation; an activation that was set, even Tanh, is kept; the dense
    /// path keeps Tanh.</summary>
    [Theory]
    [InlineData(true, null, "ReLU")]
    [InlineData(true, "Tanh", "Tanh")]
    [InlineData(true, "ELU", "ELU")]
    [InlineData(false, null, "Tanh")]
    [InlineData(false, "ReLU", "ReLU")]
    public void Resolve_SparsePathWithoutActivationSet_TakesReLU(bool sparse, string? set, string expected)
    {
        var options = new BackpropTrainer.Options { SparseInput = sparse };
        if (set is not null) options.Activation = Enum.Parse<Activation>(set);
        var summary = DataSummary.Restore(1_000, 100, [new(0f, 700.0), new(1f, 300.0)], 1_000, 0, 0, [.. Enumerable.Repeat(0.0, 100)],
            [.. Enumerable.Repeat(1.0, 100)], nonZeros: 2_000, maxRowNonZeros: 10);
        var plan = FitPlan.Resolve(options, FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy, summary, false, Processors);

        plan.Architecture.Activation.Kind.ShouldBe(Enum.Parse<Activation>(expected));
        options.Clone().ActivationIsSet.ShouldBe(set is not null);
    }

    [Theory]
    [InlineData(null, false, DataLoading.InMemory, "InMemory")]
    [InlineData(null, false, DataLoading.Streaming, "Streaming")]
    [InlineData(8, false, DataLoading.InMemory, "LocalMicroBatch")]
    [InlineData(8, true, DataLoading.InMemory, "Cluster")]
    public void ModeOf_LoadingMicroBatchAndBackend_PickOneMode(int? microBatch, bool backend, DataLoading loading, string expected) =>
        FitPlan.ModeOf(new BackpropTrainer.Options { MicroBatchSize = microBatch, DataLoading = loading }, backend).ShouldBe(Enum.Parse<FitMode>(expected));

    [Fact]
    public void ModeOf_BackendWithoutMicroBatches_IsRefused() =>
        Should.Throw<ArgumentException>(() => FitPlan.ModeOf(new BackpropTrainer.Options(), hasBackend: true)).Message.ShouldContain("MicroBatchSize");

    [Fact]
    public void RulesOf_EveryMode_IsDefined()
    {
        foreach (var mode in Enum.GetValues<FitMode>())
        {
            var rules = FitPlan.RulesOf(mode);
            // An automatic hold-out needs the rows read by this process (in memory or streamed) or drawn row by row by
            // whoever reads them; rows in memory are in this process.
            (!rules.AutomaticHoldOut || rules.RowsInProcess || rules.HoldsOutByRow).ShouldBeTrue(mode.ToString());
            (!rules.RowsInMemory || rules.RowsInProcess).ShouldBeTrue(mode.ToString());
            // Every mode knows the label's moments before training (a cluster's from its shards' manifest).
            rules.StandardizesLabel.ShouldBeTrue(mode.ToString());
            // Every mode knows the features' moments too, and folds the map into the first layer after training.
            rules.StandardizesFeatures.ShouldBeTrue(mode.ToString());
        }
    }

    [Fact]
    public void ForNetwork_AutomaticEpochsAndPatience_FollowTheNetworksRows()
    {
        var plan = Plan(new BackpropTrainer.Options { BatchSize = 50 });
        var validation = Validation([0f, 1f]);

        var first = plan.ForNetwork(0, seed: 7, inputs: 3, outputs: 1, rows: 5_000, validation);
        first.Training.NumberOfEpochs.ShouldBe(AutomaticSettings.Epochs(5_000, 50));
        first.Training.EarlyStoppingPatience.ShouldBe(AutomaticSettings.Patience(5_000, 50));
        first.Training.Seed.ShouldBe(8UL);
        first.Architecture.Seed.ShouldBe(7UL);
        (first.Architecture.InputSize, first.Architecture.OutputSize).ShouldBe((3, 1));
        first.Training.RecordDiagnostics.ShouldBeTrue();
        // The other networks skip the per-layer unit statistics: the first one's history is the model's.
        plan.ForNetwork(1, seed: 9, 3, 1, 5_000, validation).Training.RecordDiagnostics.ShouldBeFalse();
        // No validation rows: automatic epochs are trained in full.
        plan.ForNetwork(0, 7, 3, 1, 5_000, validation: null).Training.EarlyStoppingPatience.ShouldBeNull();
        // The plan's own settings are not changed by a network's.
        plan.Training.RecordDiagnostics.ShouldBeTrue();
    }

    [Fact]
    public void ForNetwork_AucOnValidationRowsOfOneClass_WatchesTheLossInstead()
    {
        var plan = Plan(new BackpropTrainer.Options { EarlyStoppingMetric = EarlyStoppingMetric.Auc });

        var oneClass = plan.ForNetwork(0, 1, 3, 1, 1_000, Validation([1f, 1f, 1f]));
        oneClass.AucUndefined.ShouldBeTrue();
        oneClass.Training.EarlyStoppingMetric.ShouldBe(EarlyStoppingMetric.Loss);
        plan.ForNetwork(0, 1, 3, 1, 1_000, Validation([0f, 1f])).Training.EarlyStoppingMetric.ShouldBe(EarlyStoppingMetric.Auc);
        plan.Training.EarlyStoppingMetric.ShouldBe(EarlyStoppingMetric.Auc);
    }

    [Theory]
    [InlineData(BackpropTask.BinaryClassification, 100, 0f)]
    [InlineData(BackpropTask.BinaryClassification, 160, 0.125f)]
    [InlineData(BackpropTask.BinaryClassification, 5_000, 0.1f)]
    [InlineData(BackpropTask.Regression, 100, 0f)]
    [InlineData(BackpropTask.Regression, 5_000, 0.1f)]
    public void HoldOutFor_Automatic_FollowsTheTaskAndTheRows(BackpropTask task, long rows, float expected) =>
        Plan(new BackpropTrainer.Options(), task).HoldOutFor(rows).ShouldBe(expected);

    private static FitPlan Plan(BackpropTrainer.Options options, BackpropTask task = BackpropTask.BinaryClassification) =>
        FitPlan.Resolve(options, FitMode.InMemory, task, MLNet.Backprop.Network.Losses.LossFunctions.NaturalFor(task), Summary(raw: true, task),
            hasValidationData: false, Processors);

    private static TrainingData Validation(float[] labels) => new(new float[labels.Length * 3], labels.Length, 3, labels);

    [Theory]
    // 1,000 rows of 10,000 slots (sparse: at most 5 % non-zero), 6 or 32 or 200 non-zeros a row on average.
    [InlineData(6, null, SparseUpdates.Lazy)]
    [InlineData(31.9, null, SparseUpdates.Lazy)]
    [InlineData(32, null, SparseUpdates.CatchUp)]
    [InlineData(200, null, SparseUpdates.CatchUp)]
    [InlineData(200, SparseUpdates.Lazy, SparseUpdates.Lazy)]
    [InlineData(6, SparseUpdates.EveryRow, SparseUpdates.EveryRow)]
    public void Resolve_SparseRowsNonZerosPerRow_CatchUpForTextLikeRowsUnlessSet(double perRow, SparseUpdates? option, SparseUpdates expected)
    {
        var options = new BackpropTrainer.Options { SparseUpdates = option };
        var summary = DataSummary.Restore(1_000, 10_000, [new(0f, 700.0), new(1f, 300.0)], 1_000, 0, 0, new double[10_000], new double[10_000],
            nonZeros: (long)Math.Round(perRow * 1_000), maxRowNonZeros: 400);
        var plan = FitPlan.Resolve(options, FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy, summary, false, Processors);

        plan.Inputs.SparseWidth.ShouldBe(10_000);
        plan.Training.SparseUpdates.ShouldBe(expected);
    }

    [Theory]
    // 1,000 rows of 2²⁰ slots, 20 non-zeros a row: Adam's two moments of a [64] first layer take 512 MB (> 256 MB).
    [InlineData(new[] { 64 }, OptimizerKind.Adam, null, SparseUpdates.RowWise)]
    [InlineData(new[] { 64, 32 }, OptimizerKind.AdamW, null, SparseUpdates.RowWise)]
    [InlineData(new[] { 128 }, OptimizerKind.Momentum, null, SparseUpdates.RowWise)] // one buffer: 512 MB
    [InlineData(new[] { 32 }, OptimizerKind.Adam, null, SparseUpdates.Lazy)] // exactly 256 MB: not above it
    [InlineData(new[] { 64 }, OptimizerKind.Momentum, null, SparseUpdates.Lazy)] // one buffer: 256 MB
    [InlineData(new[] { 64 }, OptimizerKind.Sgd, null, SparseUpdates.Lazy)] // no state
    [InlineData(new[] { 64 }, OptimizerKind.Adam, SparseUpdates.Lazy, SparseUpdates.Lazy)] // set: it wins
    public void Resolve_HugeSparseFirstLayer_RowWiseWhenThePerValueStateExceeds256MB(int[] hidden, OptimizerKind optimizer, SparseUpdates? option,
        SparseUpdates expected)
    {
        const int slots = 1 << 20;
        var options = new BackpropTrainer.Options { SparseUpdates = option, HiddenLayers = hidden, Optimizer = optimizer };
        var summary = DataSummary.Restore(1_000, slots, [new(0f, 700.0), new(1f, 300.0)], 1_000, 0, 0, new double[slots], new double[slots],
            nonZeros: 20_000, maxRowNonZeros: 30);
        var plan = FitPlan.Resolve(options, FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy, summary, false, Processors);

        plan.Inputs.SparseWidth.ShouldBe(slots);
        plan.Training.SparseUpdates.ShouldBe(expected);
    }

    [Fact]
    public void Resolve_DenseRowsManyNonZeros_Lazy()
    {
        var plan = FitPlan.Resolve(new BackpropTrainer.Options(), FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy,
            Summary(raw: true, BackpropTask.BinaryClassification), false, Processors);

        plan.Inputs.SparseWidth.ShouldBe(0);
        plan.Training.SparseUpdates.ShouldBe(SparseUpdates.Lazy);
    }

    /// <summary>The input stage as a table: the sparse path decided first, the automatic values resolved after it (RealMLP's
    /// composition on the dense path in every mode, in the micro-batch and cluster modes with StandardizeFeatures on, with its own
    /// bins), explicit values kept as they are (with the options' bins).</summary>
    [Theory]
    // mode, density, SparseInput, encoding, scaling, scales → sparse, encoding, scaling, scales
    [InlineData("InMemory", 0.9, null, NumericEncoding.Auto, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("InMemory", 0.9, false, NumericEncoding.Auto, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("InMemory", 0.002, null, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("InMemory", 0.9, true, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("Streaming", 0.9, null, NumericEncoding.Auto, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("Streaming", 0.002, null, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("Streaming", 0.9, true, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("LocalMicroBatch", 0.9, null, NumericEncoding.Auto, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("Cluster", 0.9, null, NumericEncoding.Auto, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("Cluster", 0.9, null, NumericEncoding.None, NumericScaling.Auto, false, false, NumericEncoding.None, NumericScaling.RobustSmoothClip, false)]
    [InlineData("LocalMicroBatch", 0.9, null, NumericEncoding.Auto, NumericScaling.Standard, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.Standard, true)]
    [InlineData("LocalMicroBatch", 0.9, null, NumericEncoding.PiecewiseLinear, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinear, NumericScaling.Standard, false)]
    [InlineData("LocalMicroBatch", 0.002, null, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("Cluster", 0.9, true, NumericEncoding.Auto, NumericScaling.Auto, false, true, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("InMemory", 0.9, null, NumericEncoding.Auto, NumericScaling.Standard, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.Standard, true)]
    [InlineData("InMemory", 0.9, null, NumericEncoding.None, NumericScaling.Auto, false, false, NumericEncoding.None, NumericScaling.Standard, false)]
    [InlineData("InMemory", 0.9, null, NumericEncoding.Periodic, NumericScaling.Auto, false, false, NumericEncoding.Periodic, NumericScaling.Standard, false)]
    [InlineData("InMemory", 0.9, null, NumericEncoding.PiecewiseLinear, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinear, NumericScaling.Standard, false)]
    [InlineData("InMemory", 0.9, null, NumericEncoding.None, NumericScaling.RobustSmoothClip, true, false, NumericEncoding.None, NumericScaling.RobustSmoothClip, true)]
    [InlineData("InMemory", 0.002, null, NumericEncoding.Auto, NumericScaling.Auto, true, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)] // explicit scales: dense
    [InlineData("InMemory", 0.002, null, NumericEncoding.Auto, NumericScaling.RobustSmoothClip, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("Streaming", 0.9, null, NumericEncoding.PiecewiseLinear, NumericScaling.Auto, false, false, NumericEncoding.PiecewiseLinear, NumericScaling.Standard, false)]
    [InlineData("Streaming", 0.9, null, NumericEncoding.Periodic, NumericScaling.RobustSmoothClip, true, false, NumericEncoding.Periodic, NumericScaling.RobustSmoothClip, true)]
    [InlineData("Streaming", 0.9, null, NumericEncoding.Auto, NumericScaling.Standard, false, false, NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.Standard, true)]
    public void InputStageOf_ModeDensityAndOptions_ResolveTheAutomaticValuesAfterTheSparsePath(string mode, double density, bool? sparseInput,
        NumericEncoding encoding, NumericScaling scaling, bool scales, bool sparse, NumericEncoding expectedEncoding, NumericScaling expectedScaling, bool expectedScales)
    {
        var options = new BackpropTrainer.Options { SparseInput = sparseInput, NumericEncoding = encoding, NumericScaling = scaling, LearnFeatureScales = scales };
        var summary = DensitySummary(density);

        bool composed = encoding == NumericEncoding.Auto && expectedEncoding != NumericEncoding.None;

        FitPlan.InputStageOf(options, Enum.Parse<FitMode>(mode), summary).ShouldBe(new FitInputStage(sparse, expectedEncoding, expectedScaling, expectedScales,
            composed ? NumericBinning.Supervised : NumericBinning.Quantile, composed ? 32 : 16, Automatic: encoding == NumericEncoding.Auto));
    }

    /// <summary>In the micro-batch modes the automatic stage is the composed one unless StandardizeFeatures is off: the
    /// features are then taken as given (the plan's plain Standard stage without the standardisation), as before the modes
    /// scaled them.</summary>
    [Theory]
    [InlineData("LocalMicroBatch")]
    [InlineData("Cluster")]
    public void InputStageOf_MicroBatchWithStandardizeFeaturesOff_PlainStageOnTheFeaturesAsGiven(string mode)
    {
        var options = new BackpropTrainer.Options { MicroBatchSize = 8, StandardizeFeatures = false };

        var stage = FitPlan.InputStageOf(options, Enum.Parse<FitMode>(mode), DensitySummary(0.9));
        (stage.Encoding, stage.Scaling, stage.LearnsScales).ShouldBe((NumericEncoding.None, NumericScaling.Standard, false));
        FitPlan.Resolve(options, Enum.Parse<FitMode>(mode), BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy, DensitySummary(0.9), false, Processors)
            .Standardization.ChangesFeatures.ShouldBeFalse();
    }

    /// <summary>The automatic encoding's bins are its own; an explicit piecewise-linear encoding's are the options'.</summary>
    [Theory]
    [InlineData(NumericEncoding.Auto, NumericBinning.Quantile, 8, NumericBinning.Supervised, 32)]
    [InlineData(NumericEncoding.PiecewiseLinear, NumericBinning.Quantile, 8, NumericBinning.Quantile, 8)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic, NumericBinning.Supervised, 8, NumericBinning.Supervised, 8)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic, NumericBinning.Quantile, 16, NumericBinning.Quantile, 16)]
    public void InputStageOf_EncodingAndOptionsBins_AutomaticBinsAreItsOwn(NumericEncoding encoding, NumericBinning binning, int bins,
        NumericBinning expectedBinning, int expectedBins)
    {
        var options = new BackpropTrainer.Options { NumericEncoding = encoding, NumericBinning = binning, NumericBins = bins };

        var stage = FitPlan.InputStageOf(options, FitMode.InMemory, DensitySummary(0.9));

        stage.IsBinned.ShouldBeTrue();
        (stage.Binning, stage.Bins).ShouldBe((expectedBinning, expectedBins));
    }

    [Fact]
    public void Resolve_RobustScalingGivenToAPlainStage_ThrowsNamingTheClip()
    {
        var options = new BackpropTrainer.Options { NumericEncoding = NumericEncoding.None };
        var summary = Summary(raw: true, BackpropTask.BinaryClassification);
        var clip = RobustClip.Compute(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

        Should.Throw<ArgumentException>(() => FitPlan.Resolve(options, FitMode.InMemory, BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy,
            summary, false, Processors, clip: clip)).ParamName.ShouldBe("clip");
    }

    [Fact]
    public void ByRowShare_AutomaticShareOfFewRows_IsTheShare() =>
        FitPlan.ByRowShare(0.1f, automatic: true, LongSummary(100_000, 50), InputShape.Dense(50)).ShouldBe(0.1f); // 10k rows × 208 B: 2 MB

    [Fact]
    public void ByRowShare_AutomaticShareOfALongSet_KeepsTheHeldOutRowsNearTheCap()
    {
        // 10M rows of 100 features: a tenth would be 408 MB dense on the coordinator.
        float share = FitPlan.ByRowShare(0.1f, automatic: true, LongSummary(10_000_000, 100), InputShape.Dense(100));

        share.ShouldBeLessThan(0.1f);
        (share * 10_000_000.0 * 408).ShouldBeInRange(0.99 * StreamedHoldOut.MaxAutomaticBytes, 1.01 * StreamedHoldOut.MaxAutomaticBytes);
    }

    [Fact]
    public void ByRowShare_AutomaticShareOfRowsTooWideForTheCap_HoldsOutNothing() =>
        // 1M rows of 2^20 features served dense (4 MB a row): 16 rows fit in the cap.
        FitPlan.ByRowShare(0.1f, automatic: true, LongSummary(1_000_000, 1 << 20, nonZeros: 20_000_000), InputShape.Dense(1 << 20)).ShouldBe(0f);

    [Fact]
    public void ByRowShare_AutomaticShareOfWideSparseRows_CountsTheirNonZerosAndHoldsOutATenth() =>
        // The same rows served sparse (20 non-zeros a row: 168 B held): a tenth, 100k rows, is 17 MB.
        FitPlan.ByRowShare(0.1f, automatic: true, LongSummary(1_000_000, 1 << 20, nonZeros: 20_000_000), new InputShape(0, 1 << 20)).ShouldBe(0.1f);

    [Fact]
    public void ByRowShare_AutomaticShareOfALongSparseSet_KeepsTheHeldOutEntriesNearTheCap()
    {
        // 10M rows of 2^20 slots, 100 non-zeros a row: a tenth would be 808 MB of entries on the coordinator.
        float share = FitPlan.ByRowShare(0.1f, automatic: true, LongSummary(10_000_000, 1 << 20, nonZeros: 1_000_000_000), new InputShape(0, 1 << 20));

        share.ShouldBeLessThan(0.1f);
        (share * 10_000_000.0 * 808).ShouldBeInRange(0.99 * StreamedHoldOut.MaxAutomaticBytes, 1.01 * StreamedHoldOut.MaxAutomaticBytes);
    }

    [Fact]
    public void ByRowShare_ExplicitShare_IsAsGivenWhateverTheSize() =>
        FitPlan.ByRowShare(0.1f, automatic: false, LongSummary(10_000_000, 1 << 20), InputShape.Dense(1 << 20)).ShouldBe(0.1f);

    /// <summary>A counting pass over <paramref name="rows"/> rows of <paramref name="columns"/> features (every value
    /// non-zero unless <paramref name="nonZeros"/> says).</summary>
    private static DataSummary LongSummary(long rows, int columns, long nonZeros = -1) => DataSummary.Restore(rows, columns,
        [new(0f, rows / 2.0), new(1f, rows / 2.0)], rows, 0, 0, new double[columns], new double[columns], nonZeros);

    /// <summary>1,000 rows of 100 features (means 5, deviations 3), <paramref name="density"/> of their values non-zero.</summary>
    private static DataSummary DensitySummary(double density) => DataSummary.Restore(1_000, 100, [new(0f, 700.0), new(1f, 300.0)], 1_000, 0, 0,
        [.. Enumerable.Repeat(5.0, 100)], [.. Enumerable.Repeat(3.0, 100)], nonZeros: (long)Math.Round(density * 100_000), maxRowNonZeros: 100);

    /// <summary>Three features, raw (mean 5, deviation 3) or already standardised; a label of mean 10 and variance 4.</summary>
    private static DataSummary Summary(bool raw, BackpropTask task) => DataSummary.Restore(1_000, 3,
        task == BackpropTask.Regression ? [] : [new(0f, 700.0), new(1f, 300.0)], 1_000, 10, 4,
        raw ? [5, 5, 5] : [0, 0, 0], raw ? [3, 3, 3] : [1, 1, 1]);
}
