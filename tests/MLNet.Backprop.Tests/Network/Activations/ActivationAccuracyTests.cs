using MLNet.Backprop.Network.Activations;

namespace MLNet.Backprop.Tests.Network.Activations;

/// <summary>
/// ELU and tanh against double-precision references over magnitudes from 1e-30 to 30, both signs: within a few ulps
/// everywhere (near 0 included, where α(eᶻ − 1) in float and the vector tanh used to lose most digits), and the same
/// bits whichever position of a span a value takes (vector body or scalar tail).
/// </summary>
public class ActivationAccuracyTests
{
    private const int MaxUlps = 3;

    /// <summary>±10^k for k from −30 to 1.5 in steps of 0.25, and a few values around the polynomial/library seams.</summary>
    private static float[] Inputs()
    {
        var magnitudes = Enumerable.Range(0, 127).Select(i => (float)Math.Pow(10, -30 + i * 0.25)).Where(m => m <= 30f)
            .Concat([0.3f, 0.34f, 0.35f, 0.36f, 0.5f, 0.55f, 0.6f, 0.7f, 1f, 9f, 10f]);
        return magnitudes.SelectMany(m => new[] { m, -m }).Append(0f).ToArray();
    }

    public static TheoryData<Activation, float> Cases()
    {
        var data = new TheoryData<Activation, float>();
        foreach (var kind in new[] { Activation.ELU, Activation.Tanh })
            foreach (float alpha in kind == Activation.ELU ? new[] { 1f, 0.3f } : new[] { 1f })
                data.Add(kind, alpha);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_EveryMagnitudeAndPosition_WithinAFewUlpsOfDouble(Activation kind, float alpha)
    {
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: alpha));
        var inputs = Inputs();
        // Spans of 1 (scalar only), 7 (shorter than any vector) and 71 (vector body plus a tail): every input at every position.
        foreach (int width in new[] { 1, 7, 71 })
        {
            foreach (float z in inputs)
            {
                var expected = (float)f.Apply(z);
                for (int position = 0; position < width; position++)
                {
                    var values = Enumerable.Range(0, width).Select(i => 0.1f * (i % 5) - 0.2f).ToArray();
                    values[position] = z;
                    var a = new float[width];
                    f.Forward(values, new float[width], a, rows: 1, n: width);
                    long ulps = Ulps(a[position], expected);
                    ulps.ShouldBeLessThanOrEqualTo(MaxUlps, $"{kind} α={alpha} z={z:R} at {position} of {width}: {a[position]:R}, double gives {expected:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(Activation.ELU, -1e-7f)]
    [InlineData(Activation.Tanh, 1e-7f)]
    [InlineData(Activation.Tanh, -3e-5f)]
    public void Forward_TinyInput_KeepsItsDigits(Activation kind, float z)
    {
        // The defect: α(eᶻ − 1) in float gives -1.19e-7 for z = -1e-7 (20 % off); the vector tanh ±5e-8 near 0.
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: 1f));
        var values = Enumerable.Repeat(z, 64).ToArray();
        var a = new float[64];
        f.Forward(values, new float[64], a, rows: 1, n: 64);
        a.ShouldAllBe(v => Math.Abs(v - z) <= Math.Abs(z) * 1e-6);
    }

    /// <summary>Distance in representable floats (0 when equal; ±0 count as equal).</summary>
    private static long Ulps(float a, float b)
    {
        if (a == b) return 0;
        if (float.IsNaN(a) || float.IsNaN(b) || Math.Sign(a) != Math.Sign(b)) return long.MaxValue;
        return Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));
    }
}
