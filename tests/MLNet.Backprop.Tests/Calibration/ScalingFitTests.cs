using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Tests.Calibration;

public class ScalingFitTests
{
    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void Platt_TwoScoreValues_MatchesTheClosedFormWithPlattsTargets()
    {
        // Scores 0 (10 rows, 2 positive) and 1 (10 rows, 7 positive): the fit reproduces each group's mean target.
        var scores = Enumerable.Repeat(0f, 10).Concat(Enumerable.Repeat(1f, 10)).ToArray();
        var labels = new float[20];
        for (int i = 0; i < 2; i++) labels[i] = 1;
        for (int i = 10; i < 17; i++) labels[i] = 1;
        double high = (9 + 1) / 11.0, low = 1 / 13.0; // 9 positives, 11 negatives
        double m0 = (2 * high + 8 * low) / 10, m1 = (7 * high + 3 * low) / 10;

        var (a, b) = ScalingFit.Platt(scores, labels, default)!.Value;

        ((double)b).ShouldBe(Logit(m0), 1e-5);
        ((double)a).ShouldBe(Logit(m1) - Logit(m0), 1e-5);
    }

    [Fact]
    public void Platt_Weights_CountLikeRepeatedRows()
    {
        float[] scores = [-1f, 0.5f, 2f, -0.3f], labels = [0, 1, 1, 0];
        var weighted = ScalingFit.Platt(scores, labels, [1f, 2f, 1f, 3f])!.Value;
        var repeated = ScalingFit.Platt([-1f, 0.5f, 0.5f, 2f, -0.3f, -0.3f, -0.3f], [0, 1, 1, 1, 0, 0, 0], default)!.Value;
        weighted.A.ShouldBe(repeated.A, 1e-4f);
        weighted.B.ShouldBe(repeated.B, 1e-4f);
    }

    [Fact]
    public void Platt_OneClass_IsNull()
    {
        ScalingFit.Platt([0.1f, 0.2f], [1f, 1f], default).ShouldBeNull();
    }

    [Fact]
    public void Temperature_TwoClassesOneLogitValue_IsTheLogitOfTheSmoothedFrequency()
    {
        // Logits [1, 0] on every row, 8 of 10 rows class 0, targets smoothed by ε = 1/(10 + 2): softmax(a·z)_0 = σ(a)
        // must be the mean target of class 0, (8·(1 − ε) + 2·ε)/10 = 0.75, so a = ln 3.
        var logits = Enumerable.Range(0, 10).SelectMany(_ => new[] { 1f, 0f }).ToArray();
        var labels = Enumerable.Range(0, 10).Select(i => i < 8 ? 0f : 1f).ToArray();
        ((double)ScalingFit.Temperature(logits, labels, default, 2)!.Value).ShouldBe(Math.Log(3), 1e-5);
    }

    [Fact]
    public void Temperature_SeparatedRows_IsFiniteAtTheSmoothedOptimum()
    {
        // Every row right (class 0 has the larger logit on its 6 rows, class 1 on its 4): without smoothing the loss
        // falls for ever as a grows. With ε = 1/12 every row's target for its class is 11/12, and σ(a·1) = 11/12 gives a = ln 11.
        var logits = Enumerable.Range(0, 10).SelectMany(i => i < 6 ? new[] { 1f, 0f } : new[] { 0f, 1f }).ToArray();
        var labels = Enumerable.Range(0, 10).Select(i => i < 6 ? 0f : 1f).ToArray();
        ((double)ScalingFit.Temperature(logits, labels, default, 2)!.Value).ShouldBe(Math.Log(11), 1e-5);
    }

    [Fact]
    public void Temperature_Weights_CountLikeRepeatedRows()
    {
        float[] logits = [2f, 0f, -1f, 0.5f, 1.5f, 0f, -1f, 0f, 3f];
        var weighted = ScalingFit.Temperature(logits, [0f, 0f, 2f], [2f, 1f, 3f], 3)!.Value;
        float[] repeated = [2f, 0f, -1f, 2f, 0f, -1f, 0.5f, 1.5f, 0f, -1f, 0f, 3f, -1f, 0f, 3f, -1f, 0f, 3f];
        ScalingFit.Temperature(repeated, [0f, 0f, 0f, 2f, 2f, 2f], default, 3)!.Value.ShouldBe(weighted, 1e-5f);
    }

    [Fact]
    public void Temperature_ThreeClasses_GradientOfTheSmoothedLossIsZeroAtTheFit()
    {
        float[] logits = [2f, 0f, -1f, 0.5f, 1.5f, 0f, -1f, 0f, 3f, 1f, 1f, 0f, 0f, 2f, 1f];
        float[] labels = [0, 0, 2, 1, 2];
        float a = ScalingFit.Temperature(logits, labels, default, 3)!.Value;
        // d/da of −Σ_c t_c·log softmax(a·z)_c is E_p[z] − Σ_c t_c·z_c; targets 1 − ε and ε/2, ε = 1/(5 + 2).
        double epsilon = 1.0 / 7, gradient = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var z = logits.AsSpan(i * 3, 3).ToArray().Select(v => (double)v).ToArray();
            var e = z.Select(v => Math.Exp(a * v)).ToArray();
            double sum = e.Sum(), mean = z.Zip(e, (v, w) => v * w / sum).Sum();
            double target = z.Select((v, c) => v * (c == (int)labels[i] ? 1 - epsilon : epsilon / 2)).Sum();
            gradient += mean - target;
        }
        gradient.ShouldBe(0, 1e-4);
        a.ShouldBeGreaterThan(0f);
    }

    [Fact]
    public void Temperature_OneClass_IsNull()
    {
        ScalingFit.Temperature([1f, 0f, 2f, 0f], [1f, 1f], default, 2).ShouldBeNull();
    }
}
