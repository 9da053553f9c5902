namespace MLNet.Backprop.Numerics;

/// <summary>Numerically stable scalar functions shared by activations, losses and scoring.</summary>
internal static class ScalarMath
{
    /// <summary>1/(1 + e⁻ˣ) without overflow: evaluated through e^(−|x|).</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0f) return 1f / (1f + MathF.Exp(-x));
        float e = MathF.Exp(x);
        return e / (1f + e);
    }

    /// <summary>The same in double precision (losses and calibration fits computed in double).</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>eˣ − 1 without the cancellation of the subtraction near 0: a Taylor polynomial below |x| = 1e-5 (truncation
    /// error below 2e-11 relative), else in double, whose absolute error 1e-16 is below 1e-11 relative there.</summary>
    public static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x * (1 + x * (0.5 + x / 6)) : Math.Exp(x) - 1;

    /// <summary>log(1 + eˣ) without overflow for large x or loss of precision for very negative x.</summary>
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>
    /// σ(x) − y computed as (1 − y)·σ(x) − y·σ(−x): equal in exact arithmetic, but for y = 1 it is −σ(−x) rather than a
    /// difference of two numbers near 1, so a saturated output keeps full float32 precision in its gradient.
    /// </summary>
    public static float SigmoidMinus(float x, float y)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        float inverse = 1f / (1f + e);
        float big = inverse, small = e * inverse; // σ(|x|) and σ(−|x|)
        float positive = x >= 0f ? big : small, negative = x >= 0f ? small : big; // σ(x), σ(−x)
        return (1f - y) * positive - y * negative;
    }
}
