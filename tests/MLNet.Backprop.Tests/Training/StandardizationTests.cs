using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class StandardizationTests
{
    private static TrainingData Data(int rows, int columns, ulong seed, Func<int, float> scale, Func<int, float> shift, float[]? targets = null)
    {
        var features = TestData.Normal(rows * columns, seed);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) features[r * columns + c] = features[r * columns + c] * scale(c) + shift(c);
        return new TrainingData(features, rows, columns, targets ?? TestData.Normal(rows, seed + 1), 1);
    }

    [Fact]
    public void FoldInto_RawFeatures_GiveTheOutputsOfTheStandardisedOnes()
    {
        // Scales 0.01 … 100 and means 10 spreads away from 0: the fold's float rounding grows with |mean|/spread (the
        // shift is subtracted inside the first product), here to a few 1e-6.
        var data = Data(200, 5, 1, c => MathF.Pow(10, c - 2), c => 10f * MathF.Pow(10, c - 2) * (c % 2 == 0 ? 1 : -1));
        var standardization = Standardization.Create(DataSummary.Of(data, classification: false), features: true, target: false);
        standardization.ChangesFeatures.ShouldBeTrue();
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 5, HiddenLayers = [8], OutputSize = 2, Activation = Activation.Tanh, Seed = 3 });
        var standardised = standardization.Apply(data);
        var expected = new float[200 * 2];
        network.Predict(standardised.Features, expected, 200);

        standardization.FoldInto(network);
        var actual = new float[200 * 2];
        network.Predict(data.Features, actual, 200);

        for (int i = 0; i < actual.Length; i++) actual[i].ShouldBe(expected[i], 1e-5f * (1 + MathF.Abs(expected[i])));
    }

    [Fact]
    public void Create_FeaturesAlreadyStandardised_IsTheIdentity()
    {
        var raw = Data(500, 4, 2, c => 1 + c, c => c);
        var once = Standardization.Create(DataSummary.Of(raw, false), features: true, target: false).Apply(raw);

        var again = Standardization.Create(DataSummary.Of(once, false), features: true, target: false);

        again.IsIdentity.ShouldBeTrue();
        again.Apply(once).ShouldBeSameAs(once);
    }

    [Fact]
    public void Create_ScaledButNotCentred_ShiftsOnlyAndConstantColumnsAreNotScaled()
    {
        // Unit spread (what NormalizeMeanVariance with fixZero: true gives) but mean 5; column 2 constant 5.
        var unit = Data(300, 3, 3, c => 1f, c => 0f);
        unit = Standardization.Create(DataSummary.Of(unit, false), features: true, target: false).Apply(unit);
        var raw = new TrainingData(unit.Features.Select((v, i) => i % 3 == 2 ? 5f : v + 5f).ToArray(), 300, 3, unit.Targets, 1);
        var standardization = Standardization.Create(DataSummary.Of(raw, false), features: true, target: false);
        var result = standardization.Apply(raw);

        var summary = DataSummary.Of(result, false);
        for (int c = 0; c < 3; c++) summary.FeatureMeans[c].ShouldBe(0, 1e-5);
        for (int i = 0; i < raw.Features.Length; i++)
            if (i % 3 != 2) result.Features[i].ShouldBe(raw.Features[i] - 5f, 1e-5f); // shifted, not rescaled
        result.Features.Where((_, i) => i % 3 == 2).ShouldAllBe(v => v == 0f);
    }

    [Fact]
    public void ApplyToTargets_LabelsOf1e19_StandardiseToFiniteUnitValues()
    {
        var targets = TestData.Normal(400, 4, scale: 3e18f).Select(v => v + 1e19f).ToArray();
        var data = new TrainingData(TestData.Normal(400, 5), 400, 1, targets, 1);
        var standardization = Standardization.Create(DataSummary.Of(data, false), features: false, target: true);

        standardization.TargetOffset.ShouldBe(1e19f, 1e18f);
        standardization.TargetScale.ShouldBe(3e18f, 3e17f);
        var scaled = standardization.Apply(data).Targets;
        scaled.ShouldAllBe(v => float.IsFinite(v) && MathF.Abs(v) < 6f);
        scaled.Average(v => (double)v).ShouldBe(0, 1e-3);
        Math.Sqrt(scaled.Average(v => (double)v * v)).ShouldBe(1, 1e-3);
    }

    [Fact]
    public void Create_ConstantLabel_ShiftsWithoutScaling()
    {
        var data = new TrainingData(TestData.Normal(10, 6), 10, 1, Enumerable.Repeat(42f, 10).ToArray(), 1);
        var standardization = Standardization.Create(DataSummary.Of(data, false), features: false, target: true);
        standardization.TargetOffset.ShouldBe(42f);
        standardization.TargetScale.ShouldBe(1f);
    }
}
