using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

public class PriorCorrectionTests
{
    [Fact]
    public void BalancedWeights_NinetyTenRows_AreNOverKTimesClassRows()
    {
        var weights = PriorCorrection.BalancedWeights(new Dictionary<float, double> { [0f] = 90, [1f] = 10 }, 2);
        weights[0].ShouldBe(100.0 / (2 * 90), 1e-12);
        weights[1].ShouldBe(100.0 / (2 * 10), 1e-12);
    }

    [Fact]
    public void Offsets_BinaryBalancedNinetyTen_SubtractLogOfNine()
    {
        var weights = PriorCorrection.BalancedWeights(new Dictionary<float, double> { [0f] = 90, [1f] = 10 }, 2);
        PriorCorrection.Offsets(weights, BackpropTask.BinaryClassification).ShouldBe([(float)-Math.Log(9)], 1e-6f);
    }

    [Fact]
    public void Offsets_Multiclass_AreMinusLogOfEachClassWeight()
    {
        PriorCorrection.Offsets([0.5, 2, 4], BackpropTask.MulticlassClassification).ShouldBe([(float)Math.Log(2), (float)-Math.Log(2), (float)-Math.Log(4)], 1e-6f);
    }

    [Fact]
    public void BalancedWeights_ClassAbsentFromTheRows_GetsOneSoNoCorrection()
    {
        var weights = PriorCorrection.BalancedWeights(new Dictionary<float, double> { [0f] = 30, [2f] = 10 }, 3);
        weights[1].ShouldBe(1.0);
    }

    [Fact]
    public void BalancedWeights_SquareRoot_AreTheSquareRootsOfBalanced()
    {
        var totals = new Dictionary<float, double> { [0f] = 90, [1f] = 10 };
        // Balanced: 100/(2·90) and 100/(2·10); SquareRoot: their square roots.
        PriorCorrection.BalancedWeights(totals, 2, 0.5).ShouldBe([Math.Sqrt(100.0 / 180), Math.Sqrt(5.0)], 1e-12);
        PriorCorrection.Offsets(PriorCorrection.BalancedWeights(totals, 2, 0.5), BackpropTask.BinaryClassification)[0].ShouldBe((float)-Math.Log(3), 1e-6f);
    }

    [Fact]
    public void EqualPriorOffsets_Multiclass_AreMinusLogOfEachShareUpToAConstant()
    {
        var offsets = PriorCorrection.EqualPriorOffsets(new Dictionary<float, double> { [0f] = 70, [1f] = 20, [2f] = 10 }, 3, BackpropTask.MulticlassClassification);
        // −log π_c − log K: the constant cancels in the softmax, the differences are the log ratios of the shares.
        offsets.ShouldBe([(float)-Math.Log(3 * 0.7), (float)-Math.Log(3 * 0.2), (float)-Math.Log(3 * 0.1)], 1e-6f);
    }

    [Fact]
    public void EqualPriorOffsets_BinaryNinetyTen_AddLogOfNine()
    {
        var offsets = PriorCorrection.EqualPriorOffsets(new Dictionary<float, double> { [0f] = 90, [1f] = 10 }, 1, BackpropTask.BinaryClassification);
        offsets.ShouldBe([(float)Math.Log(9)], 1e-6f);
    }
}
