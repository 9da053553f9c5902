using Microsoft.ML;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The options that exist on the in-memory dense path only, <see cref="BackpropTrainer.Options.LearnFeatureScales"/>
/// and <see cref="BackpropTrainer.Options.NumericScaling"/>: the other modes and an encoded feature vector are refused when
/// the trainer is created, naming both options, and sparse-looking rows stay on the dense path.</summary>
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
                foreach (string mode in new[] { "DataLoading", "MicroBatchSize", "SparseInput", "NumericEncoding" }) data.Add(option, mode);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(OptionsAndModes))]
    public void Constructor_InAnUnsupportedMode_ThrowsNamingBothOptions(string option, string mode)
    {
        var options = new BackpropTrainer.Options { LabelColumnName = "Value" };
        Set(options, option);
        if (mode == "DataLoading") options.DataLoading = DataLoading.Streaming;
        if (mode == "MicroBatchSize") options.MicroBatchSize = 8;
        if (mode == "SparseInput") options.SparseInput = true;
        if (mode == "NumericEncoding") options.NumericEncoding = NumericEncoding.Periodic;

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));

        e.ParamName.ShouldBe(option);
        e.Message.ShouldContain(option == "LearnFeatureScales" ? "the learned scales is supported on the in-memory dense path" : "RobustSmoothClip is supported on the in-memory dense path");
        e.Message.ShouldContain(mode);
    }

    [Theory]
    [InlineData("LearnFeatureScales")]
    [InlineData("NumericScaling")]
    public void Fit_SparseLookingRows_StayOnTheDensePath(string option)
    {
        var data = SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1); // 1.7% non-zero: automatic sparse otherwise
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 1 };
        Set(options, option);

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data);

        model.Model.Network.Input.Describe()[0].Kind.ShouldBe(option == "LearnFeatureScales" ? InputKind.Dense : InputKind.ClippedDense);
    }
}
