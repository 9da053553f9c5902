using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>"Normalise the inputs" on sparse features names a normaliser that keeps them sparse: NormalizeMeanVariance
/// centres every column, which turns FeaturizeText's 178k mostly-zero slots dense, and the UnnormalizedInputs finding of
/// the same run advises NormalizeMinMax.</summary>
public class SparseInputAdviceTests
{
    /// <summary>Two sparse features whose non-zero values differ 1,000× in size, the larger 10: the input-scale check flags them.</summary>
    private static FeatureScaleReport Scales(bool sparse)
    {
        var accumulator = new DataSummary.Accumulator(2, classification: true);
        for (int r = 0; r < 20; r++)
        {
            if (sparse) accumulator.AddSparse([r % 2], [r % 2 == 0 ? 10f : 0.01f], r % 3 == 0 ? 1f : 0f, 1f);
            else accumulator.Add([r, 0.001f * r], r % 3 == 0 ? 1f : 0f, 1f);
        }
        var summary = accumulator.ToSummary();
        return sparse ? FeatureScaleReport.FromSparse(summary) : FeatureScaleReport.From(summary);
    }

    private static DiagnosisContext Context(bool sparse) => new()
    {
        Activations = [Activation.Tanh, Activation.Tanh, Activation.Identity], ParameterCounts = [1_000_000, 100, 10], LearningRate = 0.003f,
        FeatureScales = Scales(sparse),
    };

    /// <summary>Three epochs whose first layer gets a gradient far below the output layer's, every tanh unit saturated.</summary>
    private static TrainingHistory Vanishing()
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= 3; e++)
            history.Add(new EpochReport
            {
                Epoch = e, TrainingLoss = 0.5, LearningRate = 0.003f,
                Layers = [new LayerStatistics { Layer = 0, GradientNormMean = 1e-5, SaturatedShare = 1 }, new LayerStatistics { Layer = 1, SaturatedShare = 1 },
                    new LayerStatistics { Layer = 2, GradientNormMean = 1 }],
            });
        return history;
    }

    [Fact]
    public void VanishingGradientCheck_SparseInputsFarFromUnitScale_AdvisesNormalizeMinMax()
    {
        var context = Context(sparse: true);
        context.InputsNeedScaling.ShouldBeTrue();

        var finding = new VanishingGradientCheck().Check(Vanishing(), context, complete: true).ShouldHaveSingleItem();

        finding.Advice.ShouldContain("normalise the inputs (NormalizeMinMax)");
        finding.Advice.ShouldNotContain("NormalizeMeanVariance");
    }

    [Fact]
    public void SaturationCheck_SparseInputsFarFromUnitScale_AdvisesNormalizeMinMax()
    {
        var findings = new SaturationCheck().Check(Vanishing(), Context(sparse: true), complete: true).ToArray();

        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.Advice.StartsWith("normalise the inputs (NormalizeMinMax), "));
    }

    [Fact]
    public void VanishingGradientCheck_DenseInputsFarFromUnitScale_StillAdvisesNormalizeMeanVariance()
    {
        var finding = new VanishingGradientCheck().Check(Vanishing(), Context(sparse: false), complete: true).ShouldHaveSingleItem();

        finding.Advice.ShouldContain("normalise the inputs (NormalizeMeanVariance)");
    }
}
