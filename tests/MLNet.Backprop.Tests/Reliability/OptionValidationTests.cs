using Microsoft.ML;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Every option's invalid values are refused when the trainer is created, naming the option and the value.</summary>
public class OptionValidationTests
{
    private static readonly (string Option, object? Value)[] Invalid =
    [
        ("LabelColumnName", ""), ("FeatureColumnName", " "), ("ExampleWeightColumnName", ""),
        ("Task", (BackpropTask)99),
        ("HiddenLayers", new[] { 16, 0 }), ("HiddenLayers", new[] { -1 }), ("HiddenLayers", null),
        ("Activation", (Activation)99),
        ("LeakyReluSlope", -0.1f), ("LeakyReluSlope", 1f), ("LeakyReluSlope", float.NaN),
        ("EluAlpha", 0f), ("EluAlpha", float.PositiveInfinity),
        ("Initialization", (WeightInitialization)99),
        ("InitialBias", float.NaN),
        ("Loss", (LossFunction)99),
        ("HuberDelta", 0f), ("HuberDelta", -1f),
        ("FocalGamma", -0.5f), ("FocalGamma", 11f), ("FocalGamma", float.NaN),
        ("Optimizer", (OptimizerKind)99),
        ("LearningRate", 0f), ("LearningRate", -0.001f), ("LearningRate", float.NaN), ("LearningRate", float.PositiveInfinity),
        ("Momentum", 1f), ("Momentum", -0.1f),
        ("Beta1", 1f), ("Beta1", -0.5f), ("Beta2", 1.5f),
        ("Epsilon", 0f), ("Epsilon", -1e-8f),
        ("RmsPropDecay", 1f),
        ("WeightDecay", -0.01f), ("WeightDecay", float.NaN), ("WeightDecay", 1000f), // the last: × the default LearningRate 3e-3 = 3 > 1
        ("LearningRateSchedule", (LearningRateScheduleKind)99),
        ("ScheduleStepSize", 0),
        ("ScheduleGamma", 0f), ("ScheduleGamma", 1.5f),
        ("MinimumLearningRate", -1f), ("MinimumLearningRate", 1f),
        ("BatchSize", 0), ("BatchSize", -5),
        ("NumberOfEpochs", 0),
        ("L2Regularization", -1e-4f), ("L2Regularization", float.PositiveInfinity),
        ("Dropout", 1f), ("Dropout", -0.1f),
        ("DropoutSchedule", (DropoutScheduleKind)99),
        ("GradientClipNorm", 0f), ("GradientClipNorm", -1f), ("GradientClipNorm", float.NaN),
        ("GradientClipValue", 0f), ("GradientClipValue", float.PositiveInfinity),
        ("Seed", -1),
        ("NumberOfThreads", -1),
        ("ValidationFraction", -0.1f), ("ValidationFraction", 0.6f),
        ("EarlyStoppingPatience", 0),
        ("EarlyStoppingMetric", (EarlyStoppingMetric)99),
        ("EarlyStoppingMinDelta", -0.1f),
        ("ClassWeighting", (ClassWeighting)99),
        ("Calibration", (ProbabilityCalibration)99),
        ("OnDivergence", (DivergenceBehavior)99),
        ("DataLoading", (DataLoading)99),
        ("SparseUpdates", (SparseUpdates)99),
        ("StreamingBlockSize", 0),
        ("MicroBatchSize", 0), ("MicroBatchSize", 65),
        ("EnsembleSize", 0), ("EnsembleSize", 101),
        ("CategoricalColumnNames", null), ("CategoricalColumnNames", new[] { "Lecturer", "Lecturer" }), ("CategoricalColumnNames", new[] { " " }),
        ("EmbeddingWidths", null), ("EmbeddingWidths", new Dictionary<string, int> { ["Lecturer"] = 8 }),
        ("EmbeddingWidthScale", 0f), ("EmbeddingWidthScale", 0.04f), ("EmbeddingWidthScale", 17f), ("EmbeddingWidthScale", float.NaN),
        ("NumericEncoding", (NumericEncoding)99),
        ("NumericScaling", (NumericScaling)99),
        ("NumericBins", 1), ("NumericBins", 0), ("NumericBins", 257),
        ("NumericBinning", (NumericBinning)99), ("NumericBinning", NumericBinning.Supervised), // the latter without PiecewiseLinear
        ("PeriodicFrequencies", 0), ("PeriodicFrequencies", 257),
        ("PeriodicScale", 0f), ("PeriodicScale", -0.1f), ("PeriodicScale", 101f), ("PeriodicScale", float.NaN), ("PeriodicScale", float.PositiveInfinity),
    ];

    // Options with no invalid value: any bool, callback or token is acceptable.
    private static readonly string[] AlwaysValid = ["RestoreBestWeights", "BalancedSampling", "SkipRowsWithNonFiniteFeatures", "RecordDiagnostics", "StandardizeLabel", "StandardizeFeatures", "LearnFeatureScales", "SparseInput", "Progress", "CancellationToken", "DiagnosisThresholds"];

    public static TheoryData<string, object?> Cases()
    {
        var data = new TheoryData<string, object?>();
        foreach (var (option, value) in Invalid) data.Add(option, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constructor_InvalidOption_ThrowsNamingOptionAndValue(string option, object? value)
    {
        var options = new BackpropTrainer.Options();
        typeof(BackpropTrainer.Options).GetProperty(option)!.SetValue(options, value);
        var ex = Should.Throw<ArgumentException>(() => new BackpropTrainer(new MLContext(), options));
        ex.ParamName.ShouldBe(option);
        ex.Message.ShouldContain(option);
        if (ex is ArgumentOutOfRangeException && value is not null and not Array)
            ex.Message.ShouldContain(value is float f ? f.ToString() : value.ToString()!);
    }

    [Fact]
    public void Table_CoversEveryOption()
    {
        var covered = Invalid.Select(i => i.Option).Concat(AlwaysValid).ToHashSet();
        var settable = typeof(BackpropTrainer.Options).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        settable.Where(name => !covered.Contains(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_WeightDecayTimesLearningRateAboveOne_ThrowsNamingWeightDecayAndTheSignFlip()
    {
        var options = new BackpropTrainer.Options { LearningRate = 0.5f, WeightDecay = 2.5f };
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(new MLContext(), options));
        ex.ParamName.ShouldBe("WeightDecay");
        ex.Message.ShouldContain("WeightDecay × LearningRate must be at most 1; got 2.5 × 0.5 = 1.25");
        ex.Message.ShouldContain("flips their sign");
    }

    [Fact]
    public void Constructor_AdamWDefaultWeightDecayWithHugeLearningRate_ThrowsNamingTheDefault()
    {
        var options = new BackpropTrainer.Options { Optimizer = OptimizerKind.AdamW, LearningRate = 200f };
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(new MLContext(), options));
        ex.ParamName.ShouldBe("WeightDecay");
        ex.Message.ShouldContain("WeightDecay (null: AdamW's default 0.01)");
    }

    [Theory]
    [InlineData(0.5f, 2f)] // η·λ = 1: the weights are zeroed before each step's update, not flipped
    [InlineData(1e6f, 0f)]
    [InlineData(0.1f, 0.5f)]
    public void Constructor_WeightDecayTimesLearningRateAtMostOne_Accepted(float learningRate, float weightDecay)
    {
        Should.NotThrow(() => new BackpropTrainer(new MLContext(), new BackpropTrainer.Options { LearningRate = learningRate, WeightDecay = weightDecay }));
    }

    [Fact]
    public void Constructor_DefaultOptions_Accepted()
    {
        Should.NotThrow(() => new BackpropTrainer(new MLContext(), new BackpropTrainer.Options()));
    }
}
