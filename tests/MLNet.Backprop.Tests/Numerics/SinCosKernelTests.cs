using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class SinCosKernelTests
{
    /// <summary>Angles of a periodic input: ω·x̃, dense near 0, then spread to ±limit.</summary>
    private static float[] Angles(float limit, int seed)
    {
        var random = new Random(seed);
        var near = Enumerable.Range(-20_000, 40_001).Select(i => i * 1e-3f);
        var far = Enumerable.Range(0, 40_000).Select(_ => (float)((random.NextDouble() * 2 - 1) * limit));
        return [.. near, .. far, 0f, -0f, float.Epsilon, MathF.PI / 4, MathF.PI / 2, MathF.PI, 1e-30f];
    }

    [Theory]
    [InlineData(100f, 2e-7)]
    [InlineData(8192f, 2e-7)]
    [InlineData(65536f, 1e-6)]
    public void Compute_AnglesUpToTheLimit_WithinToleranceOfDouble(float limit, double tolerance)
    {
        var angles = Angles(limit, 1);
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);

        SinCosKernel.Compute(angles, sin, cos);

        double worst = 0;
        for (int i = 0; i < angles.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(sin[i] - Math.Sin(angles[i])));
            worst = Math.Max(worst, Math.Abs(cos[i] - Math.Cos(angles[i])));
        }
        worst.ShouldBeLessThan(tolerance);
    }

    [Fact]
    public void Compute_ValueAnywhereInTheSpan_SameBits()
    {
        var angles = Angles(300f, 2).Take(1037).ToArray(); // not a multiple of any vector width
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);
        SinCosKernel.Compute(angles, sin, cos);

        for (int i = 0; i < angles.Length; i += 7)
        {
            var (s, c) = SinCosKernel.Of(angles[i]); // alone: a padded tail
            BitConverter.SingleToInt32Bits(s).ShouldBe(BitConverter.SingleToInt32Bits(sin[i]), $"angle {angles[i]}");
            BitConverter.SingleToInt32Bits(c).ShouldBe(BitConverter.SingleToInt32Bits(cos[i]), $"angle {angles[i]}");
        }
        var (shiftedSin, shiftedCos) = (new float[500], new float[500]);
        SinCosKernel.Compute(angles.AsSpan(3, 500), shiftedSin, shiftedCos);
        shiftedSin.ShouldBe(sin.AsSpan(3, 500).ToArray());
        shiftedCos.ShouldBe(cos.AsSpan(3, 500).ToArray());
    }

    [Fact]
    public void Compute_InPlaceIntoTheAngles_SameAsSeparately()
    {
        var angles = Angles(50f, 3).Take(101).ToArray();
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);
        SinCosKernel.Compute(angles, sin, cos);

        var inPlace = angles.ToArray();
        var cosines = new float[angles.Length];
        SinCosKernel.Compute(inPlace, inPlace, cosines);

        inPlace.ShouldBe(sin);
        cosines.ShouldBe(cos);
    }

    [Fact]
    public void Compute_NonFiniteAngle_NaNAndHugeAngle_FiniteWithinOne()
    {
        float[] angles = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e10f, -3e38f, 5e6f];
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);

        SinCosKernel.Compute(angles, sin, cos);

        for (int i = 0; i < 3; i++)
        {
            float.IsNaN(sin[i]).ShouldBeTrue();
            float.IsNaN(cos[i]).ShouldBeTrue();
        }
        for (int i = 3; i < angles.Length; i++)
        {
            Math.Abs(sin[i]).ShouldBeLessThanOrEqualTo(1.0001f);
            Math.Abs(cos[i]).ShouldBeLessThanOrEqualTo(1.0001f);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(5)]
    [InlineData(11)]
    public void ComputeRows_AnyFrequencyCount_EachRowAsComputeOverItsAngles(int k)
    {
        var random = new Random(k);
        var omega = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] x = [0.5f, -3.25f, 0f, float.NaN, 7e3f, -1e-3f, 2f];
        var v = new float[x.Length * 2 * k];

        SinCosKernel.ComputeRows(omega, x, v, x.Length);

        for (int r = 0; r < x.Length; r++)
        {
            var angles = omega.Select(w => w * x[r]).ToArray();
            var (sin, cos) = (new float[k], new float[k]);
            SinCosKernel.Compute(angles, sin, cos);
            v.AsSpan(r * 2 * k, k).ToArray().ShouldBe(sin);
            v.AsSpan(r * 2 * k + k, k).ToArray().ShouldBe(cos);
        }
    }
}
