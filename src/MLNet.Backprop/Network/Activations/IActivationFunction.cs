namespace MLNet.Backprop.Network.Activations;

/// <summary>
/// The activation step of a dense layer, both ways: forward adds the bias to the pre-activation and applies f; backward
/// turns dL/da into dL/dz and sums it into the bias gradient. Everything else the library needs to know about an
/// activation is here too (its bound, its initialisation, how its units fail), so that no other code tests for kinds.
/// </summary>
/// <remarks>
/// The layer caches both the pre-activation z and the activation a, so each derivative is computed from whichever it
/// needs without recomputing the forward pass (sigmoid from a: a(1 − a); ReLU from a: a &gt; 0; GELU from z). An
/// activation that can do a step in fewer passes over the batch, or on several threads (ReLU), fuses it; the others are
/// <see cref="ElementwiseActivation"/>s.
/// </remarks>
internal interface IActivationFunction
{
    /// <summary>Which activation this is, with its parameter.</summary>
    ActivationSpec Spec { get; }

    /// <summary>Which activation this is.</summary>
    Activation Kind => Spec.Kind;

    /// <summary>True for piecewise activations whose derivative jumps at z = 0 (gradient checks skip kink crossings).</summary>
    bool HasKinkAtZero { get; }

    /// <summary>True for the ReLU family, whose units can die: never positive over a whole epoch.</summary>
    bool CanDie { get; }

    /// <summary>True for bounded activations whose units can saturate (sigmoid, tanh); see <see cref="CountSaturated"/>.</summary>
    bool CanSaturate { get; }

    /// <summary>The initial weights that keep this activation's outputs at a steady scale through the layers, used when
    /// the options leave <see cref="WeightInitialization.Auto"/>: He for the ReLU family (half the inputs are cut),
    /// Glorot for the symmetric ones.</summary>
    WeightInitialization Initialization { get; }

    /// <summary>An upper bound of |f(x)| over every |x| ≤ <paramref name="z"/> (z ≥ 0): what
    /// <see cref="OutputBound"/> carries through the layers.</summary>
    double Bound(double z);

    /// <summary>The activations among <paramref name="a"/> in the flat zones where the derivative is ≈ 0 (0 for an
    /// activation that cannot saturate).</summary>
    long CountSaturated(ReadOnlySpan<float> a);

    /// <summary>f(z) for one value in double precision: the formula itself, used by the gradient check.</summary>
    double Apply(double z);

    /// <summary>z[r, j] += bias[j], then a[r, j] = f(z[r, j]), for rows × n values; an activation may use up to
    /// <paramref name="threads"/> threads when the result does not depend on it.</summary>
    void Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n, int threads = 1);

    /// <summary>
    /// delta[r, j] ← delta[r, j]·f′(z[r, j]) (dL/da on entry, dL/dz on return), and biasGradient[j] = Σ_r dL/dz[r, j]
    /// summed in increasing r; up to <paramref name="threads"/> threads when the result does not depend on it.
    /// </summary>
    void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int threads = 1);
}
