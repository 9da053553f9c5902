using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

public class IsotonicFitTests
{
    /// <summary>Isotonic regression by its min-max formula, O(n³): at sorted group i, max over j ≤ i of min over k ≥ i
    /// of the weighted mean target of groups j..k (groups: rows of equal score).</summary>
    private static double[] BruteForce(double[] groupWeight, double[] groupTarget)
    {
        int g = groupWeight.Length;
        var fitted = new double[g];
        for (int i = 0; i < g; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j <= i; j++)
            {
                double least = double.PositiveInfinity;
                for (int k = i; k < g; k++)
                {
                    double w = 0, t = 0;
                    for (int m = j; m <= k; m++) { w += groupWeight[m]; t += groupTarget[m]; }
                    least = Math.Min(least, t / w);
                }
                best = Math.Max(best, least);
            }
            fitted[i] = best;
        }
        return fitted;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Fit_RandomRows_MatchesTheBruteForceIsotonicRegression(int seed, bool weighted)
    {
        var random = new Random(seed);
        int n = 60;
        // Scores on a coarse grid, so that ties occur; labels from an increasing but noisy probability.
        var scores = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 8 - 4, 1)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-s)) ? 1f : 0f).ToArray();
        var weights = weighted ? Enumerable.Range(0, n).Select(_ => (float)(0.5 + random.NextDouble() * 2)).ToArray() : null;

        var map = IsotonicFit.Fit(scores, labels, weights)!;

        double positives = 0, negatives = 0;
        for (int i = 0; i < n; i++) { double w = weights?[i] ?? 1; if (labels[i] > 0) positives += w; else negatives += w; }
        double high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2);
        var groups = Enumerable.Range(0, n).GroupBy(i => scores[i]).OrderBy(g => g.Key).ToArray();
        var groupWeight = groups.Select(g => g.Sum(i => (double)(weights?[i] ?? 1))).ToArray();
        var groupTarget = groups.Select(g => g.Sum(i => (weights?[i] ?? 1) * (labels[i] > 0 ? high : low))).ToArray();
        var groupScore = groups.Select(g => g.Sum(i => (double)(weights?[i] ?? 1) * scores[i])).ToArray();
        var fitted = BruteForce(groupWeight, groupTarget);
        // Consecutive groups with the same fitted value are one block: its knot is their weighted mean score.
        var knots = new List<double>();
        var values = new List<double>();
        for (int a = 0; a < fitted.Length;)
        {
            int b = a;
            double w = 0, s = 0;
            while (b < fitted.Length && Math.Abs(fitted[b] - fitted[a]) < 1e-9) { w += groupWeight[b]; s += groupScore[b]; b++; }
            knots.Add(s / w);
            values.Add(fitted[a]);
            a = b;
        }
        map.Knots.Length.ShouldBe(knots.Count);
        for (int k = 0; k < knots.Count; k++)
        {
            ((double)map.Knots[k]).ShouldBe(knots[k], 1e-5);
            ((double)map.Values[k]).ShouldBe(values[k], 1e-6);
        }
    }

    [Fact]
    public void Probability_AnyScore_IsNonDecreasingInsideZeroOneAndTheValueAtEachKnot()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 200).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-2 * s)) ? 1f : 0f).ToArray();
        var map = IsotonicFit.Fit(scores, labels, default)!;
        map.Problem().ShouldBeNull();
        for (int k = 0; k < map.Knots.Length; k++) map.Probability(map.Knots[k]).ShouldBe(map.Values[k], 1e-6f);
        float previous = 0f;
        for (float s = -8f; s <= 8f; s += 0.01f)
        {
            float p = map.Probability(s);
            p.ShouldBeGreaterThan(0f);
            p.ShouldBeLessThan(1f);
            p.ShouldBeGreaterThanOrEqualTo(previous);
            previous = p;
            float.IsFinite(map.Logit(s)).ShouldBeTrue();
        }
        map.Probability(-100f).ShouldBe(map.Values[0]);
        map.Probability(100f).ShouldBe(map.Values[^1]);
        float.IsNaN(map.Probability(float.NaN)).ShouldBeTrue();
    }

    [Fact]
    public void Fit_SeparatedRows_ValuesArePlattsTargetsNotZeroAndOne()
    {
        // Three negatives below two positives: two blocks, at 1/(3 + 2) and (2 + 1)/(2 + 2).
        var map = IsotonicFit.Fit([-3f, -2f, -1f, 1f, 2f], [0f, 0f, 0f, 1f, 1f], default)!;
        map.Knots.ShouldBe([-2f, 1.5f]);
        map.Values[0].ShouldBe(0.2f, 1e-6f);
        map.Values[1].ShouldBe(0.75f, 1e-6f);
        map.Probability(-0.25f).ShouldBe(0.475f, 1e-6f); // halfway: linear between the knots
    }

    [Fact]
    public void Fit_EveryScoreTied_IsOneKnotAtTheMeanTarget()
    {
        var map = IsotonicFit.Fit([0.5f, 0.5f, 0.5f, 0.5f], [0f, 1f, 0f, 0f], default)!;
        map.Knots.ShouldBe([0.5f]);
        map.Values[0].ShouldBe((float)((2 / 3.0 + 3 * (1 / 5.0)) / 4), 1e-6f);
        map.Probability(-3f).ShouldBe(map.Values[0]);
        map.Probability(3f).ShouldBe(map.Values[0]);
    }

    [Fact]
    public void Fit_OneClass_IsNull()
    {
        IsotonicFit.Fit([0.1f, 0.2f], [1f, 1f], default).ShouldBeNull();
    }
}
