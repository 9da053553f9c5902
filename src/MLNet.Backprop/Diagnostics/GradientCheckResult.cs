namespace MLNet.Backprop.Diagnostics;

/// <summary>The outcome of a <see cref="GradientCheck"/> for one parameter tensor.</summary>
/// <param name="Layer">Index of the layer.</param>
/// <param name="Parameter">Name of the tensor, e.g. <c>layer0.weights</c>.</param>
/// <param name="RelativeError">‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂, floor) over the values checked: the
/// tensor's error. Norm-based because a single tiny gradient that is a sum of large cancelling terms carries float32
/// rounding far above its own size, while the tensor as a whole is exact to ~1e-5.</param>
/// <param name="WorstElementError">Largest element-wise |analytic − numeric| / max(|analytic|, |numeric|, floor).</param>
/// <param name="WorstIndex">Index of the value with the worst element-wise error.</param>
/// <param name="Analytic">Backprop's gradient at that index.</param>
/// <param name="Numeric">The central-difference gradient at that index.</param>
/// <param name="Checked">Number of values compared.</param>
/// <param name="SkippedAtKinks">Values skipped because the perturbation moved a ReLU-type unit across its kink,
/// where the function is not differentiable and a finite difference is meaningless.</param>
public sealed record ParameterGradientCheck(int Layer, string Parameter, double RelativeError, double WorstElementError, int WorstIndex,
    double Analytic, double Numeric, int Checked, int SkippedAtKinks);

/// <summary>The outcome of a <see cref="GradientCheck"/> over a whole network.</summary>
/// <param name="Parameters">One entry per parameter tensor, input layer first.</param>
public sealed record GradientCheckResult(IReadOnlyList<ParameterGradientCheck> Parameters)
{
    /// <summary>The largest tensor relative error (<see cref="ParameterGradientCheck.RelativeError"/>) over all tensors.</summary>
    public double WorstRelativeError => Parameters.Count == 0 ? 0 : Parameters.Max(p => p.RelativeError);

    /// <summary>Worst tensor relative error per layer (weights and bias together), by layer index.</summary>
    public IReadOnlyDictionary<int, double> WorstRelativeErrorByLayer =>
        Parameters.GroupBy(p => p.Layer).ToDictionary(g => g.Key, g => g.Max(p => p.RelativeError));

    /// <summary>True when every tensor's relative error is within <paramref name="tolerance"/>.</summary>
    public bool Passes(double tolerance) => WorstRelativeError <= tolerance;

    /// <summary>One line per tensor: name, worst error, where, and both gradients there.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Parameters.Select(p =>
        $"{p.Parameter}: relative error {p.RelativeError:E2}, worst element {p.WorstElementError:E2} at [{p.WorstIndex}] (analytic {p.Analytic:G6}, numeric {p.Numeric:G6}), {p.Checked} checked, {p.SkippedAtKinks} skipped at kinks"));
}
