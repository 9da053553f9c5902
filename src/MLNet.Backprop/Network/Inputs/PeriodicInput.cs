using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Periodic embeddings of the feature vector (<see cref="NumericEncoding.Periodic"/>; Gorishniy et al. 2022, PLR): feature
/// j's value x (mapped x̃ = (x − o_j)·s_j, the identity while training on standardised rows) becomes
/// v = [sin(ω_j1 x̃) … sin(ω_jk x̃), cos(ω_j1 x̃) … cos(ω_jk x̃)] with ω_jm = 2π·c_jm and learned frequencies c_j ∈ ℝᵏ, then
/// h_j = ReLU(v·L_j + B_j) with the feature's own linear layer L_j (2k × d) and bias B_j (d). The rows' h, laid side by
/// side into E (rows × F·d), enter the first layer as E·W_part.
/// Backward: dL/dW_part = Eᵀ·δ; dE = δ·W_partᵀ; G_j = dE_j where h_j's pre-activation is positive, else 0;
/// dL/dL_j = v_jᵀ·G_j, dL/dB_j = Σ_rows G_j, dv = G_j·L_jᵀ, dL/dc_jm = Σ_rows 2π x̃·(dv_sin·cos − dv_cos·sin). Every sum runs
/// over the rows in order, the products are <see cref="Gemm"/>'s and sin and cos are MathF's, so the result is the same
/// for any thread count and from run to run.
/// </summary>
/// <remarks>Scratch per row, laid out per feature so that each feature's products are plain matrix products: x̃ (F,
/// feature-major), v (F·2k), the pre-activations (F·d, then G), E (F·d, row-major, then dE) and 2k for one feature at a
/// time (its angles and cosines forward, dv backward).</remarks>
internal sealed class PeriodicInput : IInputPart
{
    private PeriodicFeatures _settings;
    private readonly int _features, _k, _width, _rows;

    public PeriodicInput(InputPartDescription description)
    {
        if (description.Problem() is { } problem) throw new ArgumentException($"Not a periodic input: {problem}.", nameof(description));
        _settings = description.PeriodicSettings!;
        _features = _settings.Features;
        _k = _settings.Frequencies;
        _width = _settings.Width;
        _rows = _settings.Rows;
        Frequencies = new Parameter("periodic.frequencies", checked(_features * _k), isWeightMatrix: false);
        Weights = new Parameter("periodic.weights", checked(_features * 2 * _k * _width), isWeightMatrix: true);
        Biases = new Parameter("periodic.bias", checked(_features * _width), isWeightMatrix: false);
        Parameters = [Frequencies, Weights, Biases];
    }

    /// <summary>With the map folded in so far: what a saved model stores and a clone is built from.</summary>
    public InputPartDescription Description => InputPartDescription.Periodic(_settings);

    /// <summary>c, features × k (row-major): ω = 2π·c.</summary>
    public Parameter Frequencies { get; }

    /// <summary>L, features × 2k × d: feature j's linear layer is the j-th 2k × d block (sin rows first, then cos rows).</summary>
    public Parameter Weights { get; }

    /// <summary>B, features × d.</summary>
    public Parameter Biases { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public int ScratchPerRow => _features * (1 + 2 * _k + 2 * _width) + 2 * _k;

    /// <summary>c ~ N(0, σ²) (the paper's initialisation); L and B ~ U(−1/√(2k), 1/√(2k)), a linear layer's usual draw
    /// for its fan-in (PyTorch's nn.Linear, which the reference uses).</summary>
    public void Initialize(Rng rng)
    {
        var c = Frequencies.Values;
        for (int i = 0; i < c.Length; i++) c[i] = (float)(_settings.Scale * rng.NextGaussian());
        double bound = 1.0 / Math.Sqrt(2 * _k);
        foreach (var values in new[] { Weights.Values, Biases.Values })
            for (int i = 0; i < values.Length; i++) values[i] = (float)((2 * rng.NextDouble() - 1) * bound);
    }

    /// <summary>ω = 2π·c, rounded to float once per value: the exported graph's constants are the same numbers.</summary>
    public static float Omega(float frequency) => (float)(2 * Math.PI * frequency);

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows, twoK = 2 * _k;
        var pieces = Split(scratch, rows);
        Span<float> mapped = pieces.Mapped, v = pieces.V, pre = pieces.Pre, e = pieces.E;
        Map(input, mapped);
        Span<float> omega = stackalloc float[_k]; // k ≤ PeriodicFeatures.MaxFrequencies
        ReadOnlySpan<float> l = Weights.Values, b = Biases.Values, c = Frequencies.Values;
        // Per feature, the angles of all its rows and their sin and cos in dv (unused until backward), then laid into v's rows.
        Span<float> angles = pieces.Dv.Slice(0, rows * _k), cosines = pieces.Dv.Slice(rows * _k, rows * _k);
        for (int j = 0; j < _features; j++)
        {
            for (int m = 0; m < _k; m++) omega[m] = Omega(c[j * _k + m]);
            Span<float> vj = v.Slice(j * rows * twoK, rows * twoK), hj = pre.Slice(j * rows * _width, rows * _width);
            for (int r = 0; r < rows; r++)
            {
                float x = mapped[j * rows + r];
                Span<float> angle = angles.Slice(r * _k, _k);
                for (int m = 0; m < _k; m++) angle[m] = omega[m] * x;
            }
            // MathF's sin and cos, not TensorPrimitives': the vectorised ones gave different last bits from run to run
            // when networks trained side by side (measured: two weight hashes in four identical fits), MathF's the same.
            for (int q = 0; q < angles.Length; q++)
            {
                cosines[q] = MathF.Cos(angles[q]);
                angles[q] = MathF.Sin(angles[q]);
            }
            for (int r = 0; r < rows; r++)
            {
                angles.Slice(r * _k, _k).CopyTo(vj.Slice(r * twoK, _k));
                cosines.Slice(r * _k, _k).CopyTo(vj.Slice(r * twoK + _k, _k));
            }
            Gemm.Multiply(vj, false, l.Slice(j * twoK * _width, twoK * _width), false, hj, rows, _width, twoK, accumulate: false, threads);
            var bj = b.Slice(j * _width, _width);
            for (int r = 0; r < rows; r++)
            {
                Span<float> h = hj.Slice(r * _width, _width), output = e.Slice(r * _rows + j * _width, _width);
                for (int i = 0; i < _width; i++)
                {
                    h[i] += bj[i];
                    output[i] = Math.Max(h[i], 0f); // IEEE maximum: NaN stays NaN
                }
            }
        }
        Gemm.Multiply(e, false, weights, false, z, rows, units, _rows, accumulate, threads);
    }

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows, twoK = 2 * _k;
        var pieces = Split(scratch, rows);
        Span<float> mapped = pieces.Mapped, v = pieces.V, pre = pieces.Pre, e = pieces.E, dv = pieces.Dv;
        Gemm.Multiply(e, true, delta, false, weightGradient, _rows, units, rows, accumulate: false, threads);
        Gemm.Multiply(delta, false, weights, true, e, rows, _rows, units, accumulate: false, threads); // e now holds dE
        ReadOnlySpan<float> l = Weights.Values;
        Span<float> dl = Weights.Gradients, db = Biases.Gradients, dc = Frequencies.Gradients;
        for (int j = 0; j < _features; j++)
        {
            Span<float> vj = v.Slice(j * rows * twoK, rows * twoK), gj = pre.Slice(j * rows * _width, rows * _width);
            for (int r = 0; r < rows; r++)
            {
                Span<float> g = gj.Slice(r * _width, _width);
                ReadOnlySpan<float> de = e.Slice(r * _rows + j * _width, _width);
                for (int i = 0; i < _width; i++) g[i] = g[i] > 0f ? de[i] : 0f;
            }
            Gemm.Multiply(vj, true, gj, false, dl.Slice(j * twoK * _width, twoK * _width), twoK, _width, rows, accumulate: false, threads);
            var dbj = db.Slice(j * _width, _width);
            dbj.Clear();
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < _width; i++) dbj[i] += gj[r * _width + i];
            Gemm.Multiply(gj, false, l.Slice(j * twoK * _width, twoK * _width), true, dv.Slice(0, rows * twoK), rows, twoK, _width, accumulate: false, threads);
            for (int m = 0; m < _k; m++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    int at = r * twoK;
                    // d/dt of [sin t, cos t] is [cos t, −sin t]; t = ω·x̃ with ω = 2π·c.
                    sum += mapped[j * rows + r] * ((double)dv[at + m] * vj[at + _k + m] - (double)dv[at + _k + m] * vj[at + m]);
                }
                dc[j * _k + m] = (float)(2 * Math.PI * sum);
            }
        }
    }

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        double[] c = parameters[0], l = parameters[1], b = parameters[2];
        int twoK = 2 * _k;
        var vector = new double[twoK];
        for (int j = 0; j < _features; j++)
        {
            double x = MapOne(input.Dense[row * _features + j], j);
            for (int m = 0; m < _k; m++)
            {
                double t = 2 * Math.PI * c[j * _k + m] * x;
                vector[m] = Math.Sin(t);
                vector[_k + m] = Math.Cos(t);
            }
            for (int i = 0; i < _width; i++)
            {
                double h = b[j * _width + i];
                for (int q = 0; q < twoK; q++) h += vector[q] * l[(j * twoK + q) * _width + i];
                destination[j * _width + i] = Math.Max(0, h);
            }
        }
    }

    /// <summary>|sin|, |cos| ≤ 1 whatever the features, so h_ji ≤ max(0, |B_ji| + Σ_q |L_jqi|): a bound of E that does not
    /// depend on <paramref name="maxAbsInput"/>.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        ReadOnlySpan<float> l = Weights.Values, b = Biases.Values;
        int twoK = 2 * _k;
        for (int j = 0; j < _features; j++)
            for (int i = 0; i < _width; i++)
            {
                double largest = Math.Abs((double)b[j * _width + i]);
                for (int q = 0; q < twoK; q++) largest += Math.Abs((double)l[(j * twoK + q) * _width + i]);
                var row = weights.Slice((j * _width + i) * units, units);
                for (int u = 0; u < units; u++) bounds[u] += largest * Math.Abs((double)row[u]);
            }
    }

    /// <summary>The frequencies were learned on standardised values: the part keeps the standardisation as its own map
    /// (applied before the frequencies, the same float operations training applied to the rows), since folding it into
    /// ω and a phase would change the arguments of sin and cos by rounding. Only one map can be folded in.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        bool identity = true;
        for (int f = 0; f < _features; f++) identity &= offsets[f] == 0f && inverseScales[f] == 1f;
        if (identity) return;
        if (!_settings.MapsIdentically)
            throw new InvalidOperationException("A periodic input already holds a feature standardisation; a second one cannot be folded into it.");
        _settings = _settings.WithMap(offsets, inverseScales);
    }

    /// <summary>The scratch's pieces for a batch (see the remarks).</summary>
    private ref struct Pieces
    {
        public Span<float> Mapped, V, Pre, E, Dv;
    }

    private Pieces Split(Span<float> scratch, int rows)
    {
        int twoK = 2 * _k, mapped = rows * _features, v = mapped * twoK, pre = rows * _rows;
        return new Pieces
        {
            Mapped = scratch.Slice(0, mapped), V = scratch.Slice(mapped, v), Pre = scratch.Slice(mapped + v, pre),
            E = scratch.Slice(mapped + v + pre, pre), Dv = scratch.Slice(mapped + v + 2 * pre, rows * twoK),
        };
    }

    /// <summary>x̃ of every row, feature-major (feature j's rows contiguous).</summary>
    private void Map(in InputView input, Span<float> mapped)
    {
        int rows = input.Rows;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < _features; j++) mapped[j * rows + r] = MapOne(input.Dense[r * _features + j], j);
    }

    // The same float operations as the trainer's standardisation of a row: (x − offset), then × inverse scale.
    private float MapOne(float x, int feature) => (x - _settings.Offsets[feature]) * _settings.InverseScales[feature];
}
