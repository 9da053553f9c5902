using System.Numerics;
using System.Runtime.CompilerServices;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Periodic embeddings of the feature vector (<see cref="NumericEncoding.Periodic"/>; Gorishniy et al. 2022, PLR): embedded
/// feature j's value x (mapped x̃ = (x − o_j)·s_j, the identity while training on standardised rows) becomes
/// v = [sin(ω_j1 x̃) … sin(ω_jk x̃), cos(ω_j1 x̃) … cos(ω_jk x̃)] with ω_jm = 2π·c_jm and learned frequencies c_j ∈ ℝᵏ, then
/// h_j = ReLU(v·L_j + B_j) with the feature's own linear layer L_j (2k × d) and bias B_j (d). The rows' h, laid side by
/// side and followed by the pass-through slots' values (<see cref="PeriodicFeatures.PassThrough"/>) into E (rows × (F_e·d
/// + F_p)), enter the first layer as E·W_part.
/// Backward: dL/dW_part = Eᵀ·δ; dE = δ·W_partᵀ; G_j = dE_j where h_j's pre-activation is positive, else 0;
/// dL/dL_j = v_jᵀ·G_j, dL/dB_j = Σ_rows G_j, dv = G_j·L_jᵀ, dL/dc_jm = Σ_rows 2π x̃·(dv_sin·cos − dv_cos·sin). Every sum runs
/// over the rows in order, the products are <see cref="Gemm"/>'s and <see cref="NarrowProducts"/>' and sin and cos are
/// <see cref="SinCosKernel"/>'s (the same bits for a value wherever it sits), so the result is the same for any thread
/// count and from run to run.
/// </summary>
/// <remarks>Scratch per row, laid out per embedded feature so that each feature's products are plain matrix products: x̃
/// (F_e, feature-major), v (F_e·2k; each row's k sines, then its k cosines), the
/// pre-activations (F_e·d, then G), E (F_e·d + F_p, row-major, then dE) and 2k for one feature at a time (dv, backward).
/// The per-feature products are <see cref="NarrowProducts"/>' (rows × 2k times 2k × d is too thin for a GEMM's packing
/// to pay), the first layer's product one <see cref="Gemm"/>.</remarks>
internal sealed class PeriodicInput : IInputPart
{
    private PeriodicFeatures _settings;
    private readonly int _features, _embeddedCount, _k, _width, _rows, _embeddedRows;
    private readonly int[] _embedded, _passThrough;

    // L_jᵀ (d × 2k) of the feature being differentiated: one buffer for every Backward, not one per batch.
    private readonly float[] _transposed;

    public PeriodicInput(InputPartDescription description)
    {
        if (description.Problem() is { } problem) throw new ArgumentException($"Not a periodic input: {problem}.", nameof(description));
        _settings = description.PeriodicSettings!;
        _features = _settings.Features;
        _embedded = _settings.Embedded;
        _passThrough = _settings.PassThrough;
        _embeddedCount = _embedded.Length;
        _k = _settings.Frequencies;
        _width = _settings.Width;
        _rows = _settings.Rows;
        _embeddedRows = _embeddedCount * _width;
        _transposed = new float[2 * _k * _width];
        Frequencies = new Parameter("periodic.frequencies", checked(_embeddedCount * _k), isWeightMatrix: false);
        Weights = new Parameter("periodic.weights", checked(_embeddedCount * 2 * _k * _width), isWeightMatrix: true);
        Biases = new Parameter("periodic.bias", checked(_embeddedCount * _width), isWeightMatrix: false);
        Parameters = [Frequencies, Weights, Biases];
    }

    /// <summary>With the map folded in so far: what a saved model stores and a clone is built from.</summary>
    public InputPartDescription Description => InputPartDescription.Periodic(_settings);

    /// <summary>c, embedded features × k (row-major): ω = 2π·c.</summary>
    public Parameter Frequencies { get; }

    /// <summary>L, embedded features × 2k × d: feature j's linear layer is the j-th 2k × d block (sin rows first, then cos rows).</summary>
    public Parameter Weights { get; }

    /// <summary>B, embedded features × d.</summary>
    public Parameter Biases { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public int ScratchPerRow => _embeddedCount * (1 + 2 * _k + _width) + _rows + 2 * _k;

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

    /// <summary><see cref="Omega"/> of each frequency, a vector at a time: the same widening, double product and rounding
    /// to float per value (one row's ω were a fifth of a one-row pass's periodic encoding, value by value).</summary>
    public static void Omegas(ReadOnlySpan<float> frequencies, Span<float> omega)
    {
        if (omega.Length < frequencies.Length) throw new ArgumentException("ω is shorter than the frequencies.", nameof(omega));
        int width = Vector<float>.Count, i = 0;
        var twoPi = new Vector<double>(2 * Math.PI);
        for (; i + width <= frequencies.Length; i += width)
        {
            Vector.Widen(new Vector<float>(frequencies.Slice(i, width)), out var low, out var high);
            Vector.Narrow(low * twoPi, high * twoPi).CopyTo(omega.Slice(i, width));
        }
        for (; i < frequencies.Length; i++) omega[i] = Omega(frequencies[i]);
    }

    // Compiled optimised at once, as the kernels it calls: under load the tiered JIT's background recompilation lagged
    // and whole folds ran the unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Gemm.Multiply(Embed(input, scratch), false, weights, false, z, rows, units, _rows, accumulate, threads);
    }

    /// <summary><see cref="Forward"/> of one row whose product with <paramref name="weights"/> reads the rows at E's
    /// non-zero values alone (<see cref="ZeroSkippingRow.Multiply"/>; most of a row's E is zeros: embeddings the ReLU
    /// zeroed, clipped indicators at their median): the same bits, for finite <paramref name="weights"/> only (0·∞ is
    /// NaN, which skipping would lose), which the caller checks once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardSkippingZeros(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, Span<float> scratch)
    {
        if (input.Rows != 1) throw new ArgumentException($"One row at a time; {input.Rows} given.", nameof(input));
        ZeroSkippingRow.Multiply(Embed(input, scratch), weights, z, units, accumulate);
    }

    // E of the rows (see the remarks), in the scratch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<float> Embed(in InputView input, Span<float> scratch)
    {
        int rows = input.Rows, twoK = 2 * _k;
        var pieces = Split(scratch, rows);
        Span<float> mapped = pieces.Mapped, v = pieces.V, pre = pieces.Pre, e = pieces.E;
        Map(input, mapped);
        Span<float> omega = stackalloc float[_k]; // k ≤ PeriodicFeatures.MaxFrequencies
        ReadOnlySpan<float> l = Weights.Values, b = Biases.Values, c = Frequencies.Values;
        if (rows == 1)
        {
            // One row: the features' v, then their products side by side (each a chain of 2k additions that waited on the
            // addition's latency one feature after the other), then one bias and ReLU over the features' d values each,
            // which lie side by side in h and in E's row: the same operations per element as below.
            for (int j = 0; j < _embeddedCount; j++)
            {
                Omegas(c.Slice(j * _k, _k), omega);
                SinCosKernel.ComputeRows(omega, mapped.Slice(j, 1), v.Slice(j * twoK, twoK), 1);
            }
            NarrowProducts.MultiplyBlocks(v, l, pre, _embeddedCount, _width, twoK);
            PeriodicKernels.AddBiasRelu(pre, b, e, 1, _rows);
        }
        else
            for (int j = 0; j < _embeddedCount; j++)
            {
                Omegas(c.Slice(j * _k, _k), omega);
                Span<float> vj = v.Slice(j * rows * twoK, rows * twoK), hj = pre.Slice(j * rows * _width, rows * _width);
                // Each row's sin(ω·x) and cos(ω·x), side by side in its row of v.
                SinCosKernel.ComputeRows(omega, mapped.Slice(j * rows, rows), vj, rows);
                NarrowProducts.Multiply(vj, l.Slice(j * twoK * _width, twoK * _width), hj, rows, _width, twoK);
                PeriodicKernels.AddBiasRelu(hj, b.Slice(j * _width, _width), e.Slice(j * _width), rows, _rows);
            }
        ReadOnlySpan<float> dense = input.Dense;
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < _passThrough.Length; i++) e[r * _rows + _embeddedRows + i] = dense[r * _features + _passThrough[i]];
        PhaseClock.Mark(TrainingPhase.Encoding);
        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows, twoK = 2 * _k;
        var pieces = Split(scratch, rows);
        Span<float> mapped = pieces.Mapped, v = pieces.V, pre = pieces.Pre, e = pieces.E, dv = pieces.Dv;
        Gemm.Multiply(e, true, delta, false, weightGradient, _rows, units, rows, accumulate: false, threads);
        // e now holds dE (its pass-through columns too, unused: cheaper than a product of its own for the embedded columns).
        Gemm.Multiply(delta, false, weights, true, e, rows, _rows, units, accumulate: false, threads);
        PhaseClock.Mark(TrainingPhase.BackwardGemm);
        ReadOnlySpan<float> l = Weights.Values;
        Span<float> dl = Weights.Gradients, db = Biases.Gradients, dc = Frequencies.Gradients;
        Span<float> sums = stackalloc float[_k]; // k ≤ PeriodicFeatures.MaxFrequencies
        for (int j = 0; j < _embeddedCount; j++)
        {
            Span<float> vj = v.Slice(j * rows * twoK, rows * twoK), gj = pre.Slice(j * rows * _width, rows * _width);
            PeriodicKernels.ReluGradient(gj, e.Slice(j * _width), _rows, db.Slice(j * _width, _width), rows);
            var lj = l.Slice(j * twoK * _width, twoK * _width);
            NarrowProducts.MultiplyTransposedA(vj, gj, dl.Slice(j * twoK * _width, twoK * _width), rows, _width, twoK);
            for (int q = 0; q < twoK; q++)
                for (int i = 0; i < _width; i++) _transposed[i * twoK + q] = lj[q * _width + i];
            NarrowProducts.Multiply(gj, _transposed, dv.Slice(0, rows * twoK), rows, twoK, _width);
            // dL/dc_m = 2π Σ_rows x̃·(dv_sin,m·cos_m − dv_cos,m·sin_m): d/dt of [sin t, cos t] is [cos t, −sin t], t = 2π c x̃.
            PeriodicKernels.FrequencySums(dv, vj, mapped.Slice(j * rows, rows), sums, rows);
            for (int m = 0; m < _k; m++) dc[j * _k + m] = (float)(2 * Math.PI * sums[m]);
        }
        PhaseClock.Mark(TrainingPhase.Encoding);
    }

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        double[] c = parameters[0], l = parameters[1], b = parameters[2];
        int twoK = 2 * _k;
        var vector = new double[twoK];
        for (int j = 0; j < _embeddedCount; j++)
        {
            double x = MapOne(input.Dense[row * _features + _embedded[j]], j);
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
        for (int i = 0; i < _passThrough.Length; i++) destination[_embeddedRows + i] = input.Dense[row * _features + _passThrough[i]];
    }

    /// <summary>|sin|, |cos| ≤ 1 whatever the features, so h_ji ≤ max(0, |B_ji| + Σ_q |L_jqi|): a bound of the embedded
    /// columns of E that does not depend on <paramref name="maxAbsInput"/>; the pass-through values are within it.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        ReadOnlySpan<float> l = Weights.Values, b = Biases.Values;
        int twoK = 2 * _k;
        for (int j = 0; j < _embeddedCount; j++)
            for (int i = 0; i < _width; i++)
            {
                double largest = Math.Abs((double)b[j * _width + i]);
                for (int q = 0; q < twoK; q++) largest += Math.Abs((double)l[(j * twoK + q) * _width + i]);
                var row = weights.Slice((j * _width + i) * units, units);
                for (int u = 0; u < units; u++) bounds[u] += largest * Math.Abs((double)row[u]);
            }
        WeightRows.AddBound(maxAbsInput, weights.Slice(_embeddedRows * units), _passThrough.Length, units, bounds);
    }

    /// <summary>The frequencies were learned on standardised values: the part keeps the standardisation of its embedded
    /// features as its own map (applied before the frequencies, the same float operations training applied to the rows),
    /// since folding it into ω and a phase would change the arguments of sin and cos by rounding; the pass-through slots'
    /// standardisation is folded into their rows of W and the bias, as a dense block's is. Only one map can be folded in.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        bool identity = true;
        for (int f = 0; f < _features; f++) identity &= offsets[f] == 0f && inverseScales[f] == 1f;
        if (identity) return;
        if (!_settings.MapsIdentically)
            throw new InvalidOperationException("A periodic input already holds a feature standardisation; a second one cannot be folded into it.");
        var passOffsets = new float[_passThrough.Length];
        var passScales = new float[_passThrough.Length];
        for (int i = 0; i < _passThrough.Length; i++)
        {
            passOffsets[i] = offsets[_passThrough[i]];
            passScales[i] = inverseScales[_passThrough[i]];
        }
        WeightRows.FoldFeatureScaling(passOffsets, passScales, weights.Slice(_embeddedRows * units), bias, _passThrough.Length, units);
        _settings = _settings.WithMap(offsets, inverseScales);
    }

    /// <summary>The scratch's pieces for a batch (see the remarks).</summary>
    private ref struct Pieces
    {
        public Span<float> Mapped, V, Pre, E, Dv;
    }

    private Pieces Split(Span<float> scratch, int rows)
    {
        int twoK = 2 * _k, mapped = rows * _embeddedCount, v = mapped * twoK, pre = rows * _embeddedRows, e = rows * _rows;
        return new Pieces
        {
            Mapped = scratch.Slice(0, mapped), V = scratch.Slice(mapped, v), Pre = scratch.Slice(mapped + v, pre),
            E = scratch.Slice(mapped + v + pre, e), Dv = scratch.Slice(mapped + v + pre + e, rows * twoK),
        };
    }

    /// <summary>x̃ of every row's embedded features, feature-major (feature j's rows contiguous).</summary>
    private void Map(in InputView input, Span<float> mapped)
    {
        int rows = input.Rows;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < _embeddedCount; j++) mapped[j * rows + r] = MapOne(input.Dense[r * _features + _embedded[j]], j);
    }

    // The same float operations as the trainer's standardisation of a row: (x − offset), then × inverse scale.
    private float MapOne(float x, int feature) => (x - _settings.Offsets[feature]) * _settings.InverseScales[feature];
}
