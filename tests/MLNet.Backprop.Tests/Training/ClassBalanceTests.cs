using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class ClassBalanceTests
{
    private static readonly Dictionary<float, double> NinetyTen = new() { [0f] = 90, [1f] = 10 };

    [Fact]
    public void Weight_Balanced_IsNOverKTimesClassTotalTimesTheExampleWeight()
    {
        var balance = new ClassBalance(NinetyTen);
        balance.Weight(1f, 2f).ShouldBe((float)(2 * 100.0 / (2 * 10)));
        balance.Weight(0f, 1f).ShouldBe((float)(100.0 / (2 * 90)));
    }

    [Fact]
    public void Weight_SquareRoot_IsTheSquareRootOfTheBalancedFactorTimesTheExampleWeight()
    {
        var balance = new ClassBalance(NinetyTen, 0.5);
        balance.Weight(1f, 2f).ShouldBe((float)(2 * Math.Sqrt(5.0)), 1e-6f);
        balance.Weight(0f, 1f).ShouldBe((float)Math.Sqrt(100.0 / 180), 1e-6f);
        // The rare class weighs 3× the common one, not 9× as under Balanced.
        (balance.Weight(1f, 1f) / balance.Weight(0f, 1f)).ShouldBe(3f, 1e-5f);
    }
}
