using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class CounterRandomTests
{
    [Fact]
    public void Permutation_AnyKey_IsAPermutationFixedByTheKey()
    {
        var a = CounterRandom.Permutation(1000, CounterRandom.Key(7, CounterRandom.ShufflePurpose, 3));
        a.Order().ShouldBe(Enumerable.Range(0, 1000));
        CounterRandom.Permutation(1000, CounterRandom.Key(7, CounterRandom.ShufflePurpose, 3)).ShouldBe(a);
        CounterRandom.Permutation(1000, CounterRandom.Key(7, CounterRandom.ShufflePurpose, 4)).ShouldNotBe(a);
    }

    [Fact]
    public void Permutation_PositionsOfOneElement_AreUniform()
    {
        // Where element 0 of 8 lands over 8000 keys: each position about 1000 times (χ², 7 degrees of freedom, p = 0.001 at 24.3).
        var counts = new int[8];
        for (ulong k = 0; k < 8000; k++) counts[Array.IndexOf(CounterRandom.Permutation(8, CounterRandom.Key(k, 1)), 0)]++;
        double chi2 = counts.Sum(c => (c - 1000.0) * (c - 1000.0) / 1000.0);
        chi2.ShouldBeLessThan(24.3);
    }

    [Fact]
    public void Uniform_MeanAndRange_AsForAUniformVariable()
    {
        ulong key = CounterRandom.Key(1, CounterRandom.DropoutPurpose, 2, 3);
        var draws = Enumerable.Range(0, 100_000).Select(i => CounterRandom.Uniform(key, (ulong)i)).ToArray();
        draws.ShouldAllBe(u => u >= 0f && u < 1f);
        draws.Average(u => (double)u).ShouldBe(0.5, 0.005);
        draws.Count(u => u < 0.2f).ShouldBeInRange(19_400, 20_600);
    }

    [Fact]
    public void Key_NeighbouringInputs_GiveUnrelatedKeys()
    {
        var keys = new HashSet<ulong>();
        for (ulong s = 0; s < 50; s++)
            for (ulong a = 0; a < 50; a++)
                keys.Add(CounterRandom.Key(s, CounterRandom.DropoutPurpose, a, 0)).ShouldBeTrue();
        CounterRandom.Key(1, 2, 3, 4).ShouldNotBe(CounterRandom.Key(1, 2, 4, 3));
    }
}
