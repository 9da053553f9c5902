namespace MLNet.Backprop.Network.Activations;

/// <summary>An element-wise activation a = f(z) and its derivative.</summary>
/// <remarks>
/// The layer caches both the pre-activation z and the activation a, so each derivative is computed from whichever
/// it needs without recomputing the forward pass (sigmoid from a: a(1 − a); ReLU from a: a &gt; 0; GELU from z).
/// </remarks>
internal interface IActivationFunction
{
    /// <summary>Which activation this is.</summary>
    Activation Kind { get; }

    /// <summary>True for piecewise activations whose derivative jumps at z = 0 (gradient checks skip kink crossings).</summary>
    bool HasKinkAtZero { get; }

    /// <summary>True for the ReLU family, whose units can die: never positive over a whole epoch.</summary>
    bool CanDie { get; }

    /// <summary>True for bounded activations whose units can saturate (sigmoid, tanh).</summary>
    bool CanSaturate { get; }

    /// <summary>f(z) for one value in double precision: the formula itself, used by the gradient check.</summary>
    double Apply(double z);

    /// <summary>a[i] = f(z[i]).</summary>
    void Forward(ReadOnlySpan<float> z, Span<float> a);

    /// <summary>delta[i] ← delta[i]·f′(z[i]): turns dLoss/da into dLoss/dz in place.</summary>
    void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta);
}
