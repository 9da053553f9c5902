using Microsoft.ML;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The options that exist on the dense path only, in every mode, <see cref="BackpropTrainer.Options.LearnFeatureScales"/>
/// and <see cref="BackpropTrainer.Options.NumericScaling"/>: the sparse path is refused when the trainer is created, naming
/// both options, as is the robust scaling with the piecewise-linear encoding; both compose with the periodic encoding, and
/// sparse-looking rows stay on the dense path.</summary>
public class BackpropTrainerDensePathOptionsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static void Set(BackpropTrainer.Options options, string option)
    {
        if (option == "LearnFeatureScales") options.LearnFeatureScales = true;
        else options.NumericScaling = NumericScaling.RobustSmoothClip;
    }

    public static TheoryData<string, string> OptionsAndModes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string option in new[] { "LearnFeatureScales", "NumericScaling" })
                data.Add(option, "SparseInput"); // both train on the dense path in every mode
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(OptionsAndModes))]
    public void Constructor_InAnUnsupportedMode_ThrowsNamingBothOptions(string option, string mode)
    {
        var options = new BackpropTrainer.Options { LabelColumnName = "Value" };
        Set(options, option);
        if (mode == "SparseInput") options.SparseInput = true;

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));

        e.ParamName.ShouldBe(option);
        e.Message.ShouldContain($"{(option == "LearnFeatureScales" ? "the learned scales" : "RobustSmoothClip")} is supported on the dense path, in every mode");
        e.Message.ShouldContain(mode);
    }

    [Fact]
    public void Constructor_RobustScalingAndLearnedScalesInTheMicroBatchMode_Accepted()
    {
        var options = new BackpropTrainer.Options { LabelColumnName = "Value", MicroBatchSize = 8, NumericScaling = NumericScaling.RobustSmoothClip, LearnFeatureScales = true };

        new BackpropTrainer(Ml, options).TrainerOptions.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
    }

    [Fact]
    public void Constructor_RobustScalingWithPiecewiseLinear_ThrowsNamingBothOptions()
    {
        var options = new BackpropTrainer.Options { NumericScaling = NumericScaling.RobustSmoothClip, NumericEncoding = NumericEncoding.PiecewiseLinear };

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));

        e.ParamName.ShouldBe("NumericScaling");
        e.Message.ShouldContain("NumericEncoding is PiecewiseLinear");
    }

    [Theory]
    [InlineData(NumericEncoding.Periodic, true, NumericScaling.RobustSmoothClip)]
    [InlineData(NumericEncoding.Periodic, false, NumericScaling.RobustSmoothClip)]
    [InlineData(NumericEncoding.Periodic, true, NumericScaling.Standard)]
    [InlineData(NumericEncoding.PiecewiseLinear, true, NumericScaling.Standard)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic, true, NumericScaling.RobustSmoothClip)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic, false, NumericScaling.RobustSmoothClip)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic, true, NumericScaling.Standard)]
    public void Constructor_WithAnEncoding_Composes(NumericEncoding encoding, bool scales, NumericScaling scaling) =>
        Should.NotThrow(() => new BackpropTrainer(Ml, new BackpropTrainer.Options { NumericEncoding = encoding, LearnFeatureScales = scales, NumericScaling = scaling }));

    [Theory]
    [InlineData(NumericEncoding.Periodic)]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(NumericEncoding.None)]
    public void Constructor_BothPartsStreaming_Composes(NumericEncoding encoding) =>
        Should.NotThrow(() => new BackpropTrainer(Ml, new BackpropTrainer.Options
        {
            NumericEncoding = encoding, NumericScaling = NumericScaling.RobustSmoothClip, LearnFeatureScales = true, DataLoading = DataLoading.Streaming,
        }));

    [Theory]
    [InlineData("LearnFeatureScales")]
    [InlineData("NumericScaling")]
    public void Fit_SparseLookingRows_StayOnTheDensePath(string option)
    {
        var data = SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1); // 1.7% non-zero: automatic sparse otherwise
        // The plain encoding, so that the first part is the option's own dense block (the default Auto would embed the features).
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 1, NumericEncoding = NumericEncoding.None };
        Set(options, option);

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data);

        model.Model.Network.Input.Describe()[0].Kind.ShouldBe(option == "LearnFeatureScales" ? InputKind.Dense : InputKind.ClippedDense);
    }
}
