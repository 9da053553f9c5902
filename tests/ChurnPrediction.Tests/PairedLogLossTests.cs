using ChurnPrediction.Modeling;

namespace ChurnPrediction.Tests;

public class PairedLogLossTests
{
    private static LabeledScore Row(bool churned, float probability) => new() { Churned = churned, Probability = probability };

    [Fact]
    public void Compare_TwoScorings_MeanAndStandardErrorOfTheRowDifferences()
    {
        LabeledScore[] model = [Row(true, 0.8f), Row(false, 0.25f), Row(true, 0.5f)];
        LabeledScore[] reference = [Row(true, 0.5f), Row(false, 0.5f), Row(true, 0.5f)];
        // Row losses in bits: model −log₂ 0.8, −log₂ 0.75, 1; reference 1, 1, 1.
        double[] d = [-Math.Log2((double)0.8f) - 1, -Math.Log2(0.75) - 1, 0];
        double mean = d.Average(), se = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / 2 / 3);

        var paired = PairedLogLoss.Compare(model, reference);

        paired.Difference.ShouldBe(mean, 1e-12);
        paired.StandardError.ShouldBe(se, 1e-12);
        paired.Difference.ShouldBeLessThan(0); // the model is the better one on every row it differs on
    }

    [Fact]
    public void Compare_SameScoring_ZeroDifferenceAndZeroError()
    {
        LabeledScore[] rows = [Row(true, 0.9f), Row(false, 0.3f)];
        PairedLogLoss.Compare(rows, rows).ShouldBe(new PairedLogLoss(0, 0));
    }

    [Fact]
    public void Loss_CertainAndWrong_FiniteWithTheProbabilityClampedAsTheLogLossColumn()
    {
        // Before: ∞, as ML.NET's binary evaluator, so one such row made the comparison's difference ∞ or NaN.
        PairedLogLoss.Loss(Row(true, 0f)).ShouldBe(-Math.Log2(1e-15));
        PairedLogLoss.Loss(Row(false, 1f)).ShouldBe(-Math.Log2(1e-15));
        PairedLogLoss.Loss(Row(false, 0f)).ShouldBe(-Math.Log2(1 - 1e-15));
    }

    [Fact]
    public void Compare_BothScoringsCertainAndWrongOnARow_FiniteDifference()
    {
        LabeledScore[] model = [Row(false, 1f), Row(true, 0.8f), Row(false, 0.4f)];
        LabeledScore[] reference = [Row(false, 1f), Row(true, 0.6f), Row(false, 0.4f)];

        var paired = PairedLogLoss.Compare(model, reference);

        paired.Difference.ShouldBe((-Math.Log2((double)0.8f) + Math.Log2((double)0.6f)) / 3, 1e-12);
        double.IsFinite(paired.StandardError).ShouldBeTrue();
    }

    [Fact]
    public void Compare_DifferentLabels_ThrowsNamingTheRow()
    {
        var error = Should.Throw<ArgumentException>(() => PairedLogLoss.Compare([Row(true, 0.5f), Row(true, 0.5f)], [Row(true, 0.5f), Row(false, 0.5f)]));
        error.Message.ShouldContain("row 1");
    }

    [Fact]
    public void Compare_DifferentRowCounts_Throws()
    {
        Should.Throw<ArgumentException>(() => PairedLogLoss.Compare([Row(true, 0.5f), Row(true, 0.5f)], [Row(true, 0.5f)])).Message.ShouldContain("got 2 and 1 rows");
    }
}
