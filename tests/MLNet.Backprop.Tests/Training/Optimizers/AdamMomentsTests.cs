using MLNet.Backprop.Network;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>The catch-up kernels of Adam's moments on one row: the exact sum of the elements with √v &lt; 10ε, taken after
/// the row's vector closed form, equals the element-by-element formula bit for bit.</summary>
public class AdamMomentsTests
{
    private const int Width = 37; // 32 + 4 + 1: the vector lanes, the four-element sums and the tails

    private static AdamMoments Row(out float[] values)
    {
        var p = new Parameter("w", 2 * Width, isWeightMatrix: true);
        var moments = new AdamMoments([p], 0.9f, 0.999f, 1e-8f);
        float[] m = moments.State[0], v = moments.State[1];
        for (int j = 0; j < 2 * Width; j++)
        {
            m[j] = j % 5 == 0 ? 0f : (float)(Math.Sin(j) * 1e-6);
            v[j] = j % 3 == 0 ? 1e-17f * (j + 1) : 1e-7f * (j + 1); // a third below the limit 1e-14
            p.Values[j] = (float)Math.Cos(0.3 * j);
        }
        values = p.Values;
        return moments;
    }

    [Fact]
    public void SkipExactlyBelow_RowWithSmallSecondMoments_SameBitsAsElementByElement()
    {
        const float keep = 0.999f, move = 3e-4f, epsilon = 1.1e-8f, limit = 1e-14f;
        const long steps = 14;
        var terms = Enumerable.Range(0, 2 * (int)steps).Select(k => k % 2 == 0 ? 1e-4 / (k + 1) : 1e-8 * (1 + 0.01 * k)).ToArray();
        var exact = Row(out var values);
        var reference = Row(out var expected);
        float[] m0 = [.. exact.State[0]], v0 = [.. exact.State[1]];

        exact.SkipExactlyBelow(0, Width, values.AsSpan(Width, Width), keep, move, epsilon, steps, limit, terms);

        // The reference: the closed form everywhere (its m and v are the same for every element), then the exact sum
        // term by term for the small ones, from the values as they were.
        reference.Skip(0, Width, expected.AsSpan(Width, Width), keep, move, epsilon, steps);
        int small = 0;
        for (int j = Width; j < 2 * Width; j++)
        {
            float vj = v0[j], mj = m0[j];
            if (!(vj < limit && mj != 0f)) continue;
            small++;
            double root = Math.Sqrt(vj), sum = 0;
            for (int k = 0; k < terms.Length; k += 2) sum += terms[k] / (root + terms[k + 1]);
            expected[j] = keep * (float)Math.Cos(0.3 * j) - (float)(mj * sum);
        }
        small.ShouldBeGreaterThan(8);
        values.ShouldBe(expected);
        exact.State[0].ShouldBe(reference.State[0]);
        exact.State[1].ShouldBe(reference.State[1]);
    }

    [Fact]
    public void AnyBelow_OneSmallElementAnywhere_Found()
    {
        var moments = Row(out _);
        float[] m = moments.State[0], v = moments.State[1];
        Array.Fill(v, 1f);
        moments.AnyBelow(0, Width, Width, 1e-14f).ShouldBeFalse();
        foreach (int j in new[] { Width, Width + 17, 2 * Width - 1 })
        {
            v[j] = 1e-20f;
            m[j] = 0f;
            moments.AnyBelow(0, Width, Width, 1e-14f).ShouldBeFalse(); // m = 0: no move to sum
            m[j] = 1e-9f;
            moments.AnyBelow(0, Width, Width, 1e-14f).ShouldBeTrue();
            v[j] = 1f;
        }
        v[Width - 1] = 1e-20f; // outside the run
        moments.AnyBelow(0, Width, Width, 1e-14f).ShouldBeFalse();
    }
}
