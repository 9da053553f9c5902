using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training;

public class RunIdentityTests
{
    private static NeuralNetwork Network(ulong seed = 1, float dropout = 0f) =>
        NeuralNetwork.Create(new NetworkOptions { InputSize = 3, HiddenLayers = [4], OutputSize = 1, Activation = Activation.Tanh, Dropout = dropout, Seed = seed });

    private static readonly TrainingOptions Options = new() { NumberOfEpochs = 5, Seed = 7, Loss = LossFunction.BinaryCrossEntropy };
    private static readonly MicroBatchPlan Plan = new(100, 32, 8);
    private static readonly string[] Data = ["100 rows sha256 ab12"];

    private static string Describe(NeuralNetwork? network = null, TrainingOptions? options = null, MicroBatchPlan? plan = null, ClassBalance? balance = null,
        string[]? data = null) => RunIdentity.Describe(network ?? Network(), options ?? Options, plan ?? Plan, balance, data ?? Data);

    [Fact]
    public void Describe_RowWiseSparseUpdates_IsPartOfTheIdentityTheOthersAreNot()
    {
        Describe(options: Options with { SparseUpdates = SparseUpdates.RowWise }).ShouldNotBe(Describe());
        Describe(options: Options with { SparseUpdates = SparseUpdates.CatchUp }).ShouldBe(Describe());
    }

    [Fact]
    public void Describe_AFixedRun_IsTheVersionedTextOfItsSettings()
    {
        var lines = Describe().Split('\n');
        // The format itself: names are the identity's own, so renaming a property keeps saved checkpoints valid.
        lines[0].ShouldBe($"MLNet.Backprop run identity={RunIdentity.Version}");
        lines.ShouldContain("input0=Dense 3 3");
        lines.ShouldContain("layer0=3x4 Tanh 0 dropout 0");
        lines.ShouldContain("loss=BinaryCrossEntropy 0");
        lines.ShouldContain("optimizer=Adam");
        lines.ShouldContain("learning rate=0.003");
        lines.ShouldContain("rows=100");
        lines.ShouldContain("micro-batch=8");
        lines.ShouldContain("seed=7");
        lines.ShouldContain("balance=none");
        lines.ShouldContain("data0=100 rows sha256 ab12");
    }

    [Fact]
    public void Describe_FeatureMap_IsPartOfTheIdentityOnlyWhenItChangesTheFeatures()
    {
        static string Mapped(float[]? offsets, float[]? scales) =>
            RunIdentity.Describe(Network(), Options, Plan, null, Data, map: Standardization.OfMaps(offsets, scales, 0f, 1f));

        var lines = Mapped([1f, 0f, -2.5f], [0.5f, 1f, 2f]).Split('\n');

        lines.ShouldContain("features standardised=1,0,-2.5 / 0.5,1,2");
        Mapped(null, null).ShouldBe(Describe()); // the runs on the features as given keep their identities
        Mapped([1f, 0f, -2.5f], [0.5f, 1f, 2.5f]).ShouldNotBe(Mapped([1f, 0f, -2.5f], [0.5f, 1f, 2f]));
    }

    [Fact]
    public void Describe_ClippedInputsOfOtherScalings_OtherIdentities()
    {
        static NeuralNetwork Clipped(float center) => NeuralNetwork.FromLayers(
            [InputPartDescription.ClippedDense(new RobustClip([center, -1f], [0.5f, 2f]))], [new LayerDescription(2, 1, Activation.Identity, 0f)]);

        var lines = Describe(network: Clipped(1f)).Split('\n');

        lines.ShouldContain("input0=ClippedDense 2 2");
        lines.ShouldContain("input0 robust scaling=1,-1 / 0.5,2");
        Describe(network: Clipped(1.5f)).ShouldNotBe(Describe(network: Clipped(1f)));
    }

    [Fact]
    public void Describe_PeriodicInputsOfOtherSettingsOrLearnedScales_OtherIdentities()
    {
        static NeuralNetwork Embedded(int slot, bool scalesRows = false) => NeuralNetwork.FromLayers(
            [InputPartDescription.Periodic(new PeriodicFeatures(2, 2, 3, 0.5f, embedded: [slot])) with { ScalesRows = scalesRows }],
            [new LayerDescription(4, 1, Activation.Identity, 0f)]);

        var lines = Describe(network: Embedded(1)).Split('\n');

        lines.ShouldContain("input0=Periodic 2 4");
        lines.ShouldContain("input0 periodic=2 features, 2 frequencies, width 3, scale 0.5, embedded 1, map 0 / 1");
        lines.ShouldNotContain("input0 learned scales=true");
        Describe(network: Embedded(1, scalesRows: true)).Split('\n').ShouldContain("input0 learned scales=true");
        Describe(network: Embedded(0)).ShouldNotBe(Describe(network: Embedded(1)));
    }

    [Fact]
    public void Describe_PiecewiseLinearInputsOfOtherEdges_OtherIdentities()
    {
        static NeuralNetwork Encoded(float middle) => NeuralNetwork.FromLayers(
            [InputPartDescription.PiecewiseLinear(new QuantileBins([[0f, middle, 2f], [-1f, 1f]]))],
            [new LayerDescription(3, 1, Activation.Identity, 0f)]);

        var lines = Describe(network: Encoded(1f)).Split('\n');

        lines.ShouldContain("input0=PiecewiseLinear 2 3");
        lines.ShouldContain("input0 edges=0,1,2 -1,1");
        Describe(network: Encoded(1.5f)).ShouldNotBe(Describe(network: Encoded(1f)));
    }

    [Fact]
    public void Of_SameRunWithOtherThreads_SameIdentity() =>
        RunIdentity.Of(Network(), Options with { NumberOfThreads = 2 }, Plan, null, Data).ShouldBe(RunIdentity.Of(Network(), Options, Plan, null, Data));

    public static TheoryData<string> Changes() => new(ChangedRuns.Keys);

    private static readonly Dictionary<string, Func<string>> ChangedRuns = new()
    {
        ["initial weights"] = () => Describe(network: Network(seed: 2)),
        ["dropout"] = () => Describe(network: Network(dropout: 0.1f)),
        ["loss parameter"] = () => Describe(options: Options with { Loss = LossSpec.Of(LossFunction.Huber, 0.5f) }),
        ["optimizer"] = () => Describe(options: Options with { Optimizer = OptimizerKind.RmsProp }),
        ["beta2"] = () => Describe(options: Options with { OptimizerSettings = new OptimizerSettings { Beta2 = 0.95f } }),
        ["weight decay"] = () => Describe(options: Options with { OptimizerSettings = new OptimizerSettings { WeightDecay = 0.01f } }),
        ["learning rate"] = () => Describe(options: Options with { LearningRate = 0.01f }),
        ["schedule"] = () => Describe(options: Options with { LearningRateSchedule = LearningRateScheduleKind.Cosine }),
        ["epochs"] = () => Describe(options: Options with { NumberOfEpochs = 6 }),
        ["l2"] = () => Describe(options: Options with { L2Regularization = 1e-4f }),
        ["clipping"] = () => Describe(options: Options with { GradientClipNorm = 1f }),
        ["seed"] = () => Describe(options: Options with { Seed = 8 }),
        ["shuffle"] = () => Describe(options: Options with { Shuffle = false }),
        ["patience"] = () => Describe(options: Options with { EarlyStoppingPatience = 3 }),
        ["divergence"] = () => Describe(options: Options with { OnDivergence = DivergenceBehavior.ReturnBestModel }),
        ["unit statistics"] = () => Describe(options: Options with { RecordDiagnostics = false }),
        ["micro-batch size"] = () => Describe(plan: new MicroBatchPlan(100, 32, 16)),
        ["balance"] = () => Describe(balance: new ClassBalance(new Dictionary<float, double> { [0f] = 70, [1f] = 30 })),
        ["data"] = () => Describe(data: ["100 rows sha256 cd34"]),
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Describe_ASettingChanged_AnotherIdentity(string setting) => ChangedRuns[setting]().ShouldNotBe(Describe(), setting);

    [Fact]
    public void Describe_SquareRootBalance_AnotherIdentityThanBalanced()
    {
        var totals = new Dictionary<float, double> { [0f] = 70, [1f] = 30 };
        string balanced = Describe(balance: new ClassBalance(totals)), squareRoot = Describe(balance: new ClassBalance(totals, 0.5));
        squareRoot.ShouldNotBe(balanced);
        balanced.ShouldNotContain("balance exponent"); // the runs from before the exponent existed keep their identity
    }

    /// <summary>Settings that never change what a run computes: threads (bit-identical for any count), the check of
    /// the final outputs (it reads the weights, it does not change them), lazy sparse updates (a micro-batch step's
    /// gradient is a dense sum: every row is updated whatever the setting; row-wise state, which changes the rule, is
    /// checked on its own below) and a compact sparse gradient (the same bits).</summary>
    private static readonly string[] NotPartOfTheIdentity =
        [nameof(TrainingOptions.NumberOfThreads), nameof(TrainingOptions.CheckFinalOutputs), nameof(TrainingOptions.SparseUpdates),
            nameof(TrainingOptions.CompactSparseGradient)];

    [Fact]
    public void Describe_EveryEngineSetting_IsPartOfTheIdentity()
    {
        // A setting added to the engine's records without a line in RunIdentity would let a checkpoint resume a run that
        // computes something else: every one of them must change the description.
        foreach (var p in typeof(TrainingOptions).GetProperties().Where(p => p.CanWrite && !NotPartOfTheIdentity.Contains(p.Name)))
        {
            if (p.PropertyType == typeof(OptimizerSettings)) continue;
            var changed = Options with { };
            p.SetValue(changed, Different(p.PropertyType, p.GetValue(Options)));
            Describe(options: changed).ShouldNotBe(Describe(), p.Name);
        }
        foreach (var p in typeof(OptimizerSettings).GetProperties().Where(p => p.CanWrite))
        {
            var settings = new OptimizerSettings();
            p.SetValue(settings, Different(p.PropertyType, p.GetValue(settings)));
            Describe(options: Options with { OptimizerSettings = settings }).ShouldNotBe(Describe(), p.Name);
        }
    }

    private static object Different(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(int) => (current as int? ?? 0) + 3,
            _ when underlying == typeof(ulong) => (current as ulong? ?? 0) + 3,
            _ when underlying == typeof(float) => (current as float? ?? 0f) + 0.125f,
            _ when underlying == typeof(bool) => !(current as bool? ?? false),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().First(v => !v.Equals(current)),
            _ when underlying == typeof(LossSpec) => LossSpec.Of(LossFunction.Huber, 0.25f),
            _ => throw new InvalidOperationException($"The test does not know how to vary a setting of type {type}; add it."),
        };
    }
}
