using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

/// <summary>A hold-out drawn row by row is weighted to the class shares of all the rows before the calibration is fitted.</summary>
public class HeldOutClassSharesTests
{
    private static double Share(HeldOutScores scores, float label) =>
        Enumerable.Range(0, scores.Labels.Length).Where(i => scores.Labels[i] == label).Sum(i => (double)scores.Weights![i]) / scores.Weights!.Sum(w => (double)w);

    [Fact]
    public void Reweight_HoldOutWithFiveTimesTheRowsRate_TakesTheRowsClassShares()
    {
        var heldOut = new HeldOutScores([0.1f, 0.2f, 0.3f, 0.4f], [1f, 1f, 0f, 0f], null, 1);

        var reweighted = HeldOutClassShares.Reweight(heldOut, new Dictionary<float, double> { [0f] = 90, [1f] = 10 });

        Share(reweighted, 1f).ShouldBe(0.1, 1e-6);
        reweighted.Weights!.Sum().ShouldBe(4f, 1e-5f);
        reweighted.Logits.ShouldBe(heldOut.Logits);
        reweighted.Labels.ShouldBe(heldOut.Labels);
    }

    [Fact]
    public void Reweight_ExampleWeights_ScalesThemByTheirClassFactor()
    {
        var heldOut = new HeldOutScores([0f, 0f, 0f], [1f, 0f, 0f], [2f, 1f, 1f], 1);

        var reweighted = HeldOutClassShares.Reweight(heldOut, new Dictionary<float, double> { [0f] = 3, [1f] = 1 });

        // The hold-out's positive share is 2/4, the rows' 1/4: positives × 1/2, negatives × 3/2.
        reweighted.Weights.ShouldBe([1f, 1.5f, 1.5f]);
    }

    [Fact]
    public void Reweight_ClassMissingFromTheHoldOut_ScalesThePresentClassesToTheirSharesAmongThemselves()
    {
        var heldOut = new HeldOutScores(new float[9], [0f, 1f, 1f], null, 3);

        var reweighted = HeldOutClassShares.Reweight(heldOut, new Dictionary<float, double> { [0f] = 60, [1f] = 20, [2f] = 20 });

        Share(reweighted, 0f).ShouldBe(0.75, 1e-6);
        Share(reweighted, 1f).ShouldBe(0.25, 1e-6);
    }

    [Fact]
    public void Reweight_HoldOutWithTheRowsShares_LeavesTheWeightsAtOne()
    {
        var heldOut = new HeldOutScores([1f, 2f, 3f, 4f], [1f, 0f, 0f, 0f], null, 1);

        var reweighted = HeldOutClassShares.Reweight(heldOut, new Dictionary<float, double> { [0f] = 750, [1f] = 250 });

        reweighted.Weights!.ShouldAllBe(w => Math.Abs(w - 1f) < 1e-6f);
    }
}
