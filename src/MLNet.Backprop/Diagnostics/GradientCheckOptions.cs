namespace MLNet.Backprop.Diagnostics;

/// <summary>Settings of <see cref="GradientCheck"/>.</summary>
public sealed class GradientCheckOptions
{
    /// <summary>Step h of the central difference (L(w + h) − L(w − h)) / 2h, evaluated in double precision.
    /// Default 1e-5; range (0, 1].</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>Floor of the denominator of the relative error |a − n| / max(|a|, |n|, floor), so that gradients near
    /// zero are compared absolutely. Default 1e-6; range (0, ∞).</summary>
    public double MinimumScale { get; set; } = 1e-6;

    /// <summary>Largest number of values checked per parameter tensor (evenly spaced when the tensor is larger).
    /// Default 200; at least 1.</summary>
    public int MaxValuesPerParameter { get; set; } = 200;

    /// <summary>δ of the Huber loss when that loss is checked. Default 1; finite and positive.</summary>
    public float HuberDelta { get; set; } = 1f;

    /// <summary>Seed of the dropout mask, which is held fixed across all evaluations. Default 0.</summary>
    public ulong DropoutSeed { get; set; }

    internal void Validate()
    {
        if (!(Epsilon > 0 && Epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be in (0, 1].");
        if (!(MinimumScale > 0) || double.IsInfinity(MinimumScale)) throw new ArgumentOutOfRangeException(nameof(MinimumScale), MinimumScale, "MinimumScale must be finite and positive.");
        if (MaxValuesPerParameter < 1) throw new ArgumentOutOfRangeException(nameof(MaxValuesPerParameter), MaxValuesPerParameter, "MaxValuesPerParameter must be at least 1.");
        if (!(HuberDelta > 0) || float.IsInfinity(HuberDelta)) throw new ArgumentOutOfRangeException(nameof(HuberDelta), HuberDelta, "HuberDelta must be finite and positive.");
    }
}
