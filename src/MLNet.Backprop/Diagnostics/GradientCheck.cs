using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// Verifies backpropagation numerically: compares every layer's backprop gradient with central finite differences of
/// the loss, for a given network, loss and batch.
/// </summary>
/// <remarks>
/// <para>The finite differences (L(w + h) − L(w − h)) / 2h are computed by an independent double-precision forward
/// pass built from each activation's and loss's scalar formula, so float32 rounding does not blur the comparison:
/// a correct backprop agrees to about 1e-5 (its own float32 rounding), a wrong derivative is off by order 1.
/// Each tensor's error is ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖). (The losses compute σ(z) − y and
/// softmax − one-hot without cancellation, so even a converged network with saturated outputs agrees to ~1e-5.)</para>
/// <para>Where a perturbation moves a ReLU-type unit across its kink at 0 the loss is not differentiable; such values
/// are skipped and counted. Dropout masks are drawn once and held fixed. The network is left unchanged.</para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>Runs the check.</summary>
    /// <param name="network">The network whose gradients are checked; its values are left unchanged.</param>
    /// <param name="loss">The loss on the network's outputs (the focal losses at γ = 2, the default
    /// <see cref="BackpropTrainer.Options.FocalGamma"/>; Huber at <see cref="GradientCheckOptions.HuberDelta"/>).</param>
    /// <param name="features">rows × InputSize inputs, row-major (for a network that encodes its features before the
    /// first layer, rows × the features before their encoding).</param>
    /// <param name="targets">rows × target width targets (class indices for softmax cross-entropy).</param>
    /// <param name="rows">Number of examples; at least 1.</param>
    /// <param name="weights">Per-example weights, or empty for all 1.</param>
    /// <param name="options">Step, error floor and sampling; null for the defaults.</param>
    /// <exception cref="ArgumentException">A span does not match <paramref name="rows"/> and the network's sizes.</exception>
    /// <exception cref="NotSupportedException">The network reads a sparse block or categorical keys, which dense rows do
    /// not carry.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is less than 1, or an option of
    /// <paramref name="options"/> is out of its range.</exception>
    public static GradientCheckResult Run(NeuralNetwork network, LossFunction loss, ReadOnlySpan<float> features,
        ReadOnlySpan<float> targets, int rows, ReadOnlySpan<float> weights = default, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "At least one row is needed.");
        network.RequireDenseInput("GradientCheck.Run", "Check a network trained on dense features (SparseInput not true, no CategoricalColumnNames).");
        if (features.Length != (long)rows * network.RowWidth)
            throw new ArgumentException($"features holds {features.Length} values; {rows} × {network.RowWidth} expected.", nameof(features));
        return Run(network, loss, new InputArrays(rows, features.ToArray(), [], [], [], []), targets, weights, options);
    }

    /// <summary>The check of a network whose input has several parts: the dense block <paramref name="dense"/> and the
    /// keys <paramref name="keys"/> (rows × key columns) of the network's input shape.</summary>
    internal static GradientCheckResult Run(NeuralNetwork network, LossFunction loss, float[] dense, int[] keys, ReadOnlySpan<float> targets, int rows,
        ReadOnlySpan<float> weights = default, GradientCheckOptions? options = null) =>
        Run(network, loss, new InputArrays(rows, dense, [], [], [], keys), targets, weights, options);

    /// <summary>The check of a network fed <paramref name="input"/> (any input shape: dense, sparse rows, keys).</summary>
    internal static GradientCheckResult Run(NeuralNetwork network, LossFunction loss, in InputView input, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> weights = default, GradientCheckOptions? options = null) =>
        Run(network, loss, new InputArrays(input.Rows, input.Dense.ToArray(), input.SparseOffsets.ToArray(), input.SparseIndices.ToArray(),
            input.SparseValues.ToArray(), input.Keys.ToArray()), targets, weights, options);

    /// <summary>A batch's input held in arrays (the double-precision reference reads it again for every perturbation).</summary>
    private sealed record InputArrays(int Rows, float[] Dense, int[] SparseOffsets, int[] SparseIndices, float[] SparseValues, int[] Keys)
    {
        public InputView View => new(Rows, Dense, SparseOffsets, SparseIndices, SparseValues, Keys);
    }

    private static GradientCheckResult Run(NeuralNetwork network, LossFunction loss, InputArrays arrays, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> weights, GradientCheckOptions? options)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new GradientCheckOptions();
        options.Validate();
        var lossFunction = LossFunctions.Create(LossSpec.Of(loss, options.HuberDelta));
        int rows = arrays.Rows;
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(arrays), rows, "At least one row is needed.");
        var shape = network.Input.Shape;
        if (arrays.Dense.Length != rows * shape.DenseWidth || arrays.Keys.Length != rows * shape.KeyColumns
            || (shape.SparseWidth > 0 && arrays.SparseOffsets.Length != rows + 1))
            throw new ArgumentException($"The input holds {arrays.Dense.Length} dense values, {Math.Max(0, arrays.SparseOffsets.Length - 1)} sparse rows and " +
                $"{arrays.Keys.Length} keys; {rows} rows of {shape} expected.", nameof(arrays));
        int targetWidth = lossFunction.TargetWidth(network.OutputSize);
        if (targets.Length != rows * targetWidth)
            throw new ArgumentException($"targets holds {targets.Length} values; {rows} × {targetWidth} expected.", nameof(targets));
        if (!weights.IsEmpty && weights.Length != rows)
            throw new ArgumentException($"weights holds {weights.Length} values; {rows} expected.", nameof(weights));

        // Backprop in float32, exactly as training runs it; this also fixes the dropout masks in the workspace.
        var ws = new Workspace(network, rows);
        var input = arrays.View;
        var logits = network.Forward(ws, input, training: true, new Rng(options.DropoutSeed), 1);
        lossFunction.Evaluate(logits, targets, weights, ws.Delta[^1], rows, network.OutputSize);
        network.Backward(ws, input, 1);

        var doubles = new DoubleNetwork(network, ws, lossFunction, arrays);
        var results = new List<ParameterGradientCheck>();
        for (int pi = 0; pi < network.Parameters.Count; pi++)
        {
            Parameter parameter = network.Parameters[pi];
            double[] values = doubles.Values[pi];
            double worst = 0, worstAnalytic = 0, worstNumeric = 0, differenceSquares = 0, analyticSquares = 0, numericSquares = 0;
            int worstIndex = -1, checkedCount = 0, skipped = 0;
            int stride = Math.Max(1, (parameter.Length + options.MaxValuesPerParameter - 1) / options.MaxValuesPerParameter);
            for (int j = 0; j < parameter.Length; j += stride)
            {
                double original = values[j];
                values[j] = original + options.Epsilon;
                double lossUp = doubles.Loss(targets, weights, recordSigns: true);
                values[j] = original - options.Epsilon;
                double lossDown = doubles.Loss(targets, weights, recordSigns: false);
                values[j] = original;
                if (doubles.KinkCrossed)
                {
                    skipped++;
                    continue;
                }
                double numeric = (lossUp - lossDown) / (2 * options.Epsilon);
                double analytic = AnalyticGradient(parameter, j);
                double error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), options.MinimumScale);
                checkedCount++;
                differenceSquares += (analytic - numeric) * (analytic - numeric);
                analyticSquares += analytic * analytic;
                numericSquares += numeric * numeric;
                if (error > worst || worstIndex < 0) (worst, worstIndex, worstAnalytic, worstNumeric) = (error, j, analytic, numeric);
            }
            double tensorError = Math.Sqrt(differenceSquares) / Math.Max(Math.Sqrt(Math.Max(analyticSquares, numericSquares)), options.MinimumScale);
            // The input stage's own parameters belong to the first layer.
            int layerIndex = Math.Max(0, pi - network.Input.Parameters.Count) / 2;
            results.Add(new ParameterGradientCheck(layerIndex, parameter.Name, tensorError, worst, worstIndex, worstAnalytic, worstNumeric, checkedCount, skipped));
        }
        return new GradientCheckResult(results);
    }

    /// <summary>Value <paramref name="j"/> of the parameter's gradient from the backward pass, also when it is stored
    /// compactly (a trained sparse first layer keeps the rows a batch touched only: a row not listed has a zero gradient).</summary>
    private static double AnalyticGradient(Parameter parameter, int j)
    {
        if (parameter.Touched is not { Compact: true } touched) return parameter.Gradients[j];
        int row = j / touched.RowWidth;
        int listed = touched.Rows.IndexOf(row);
        return listed < 0 ? 0 : parameter.Gradients[touched.GradientOffset(listed) + j % touched.RowWidth];
    }

    /// <summary>
    /// The network's forward pass and loss in double precision, from the same parameter values, scalar activation
    /// formulas and dropout masks, with a record of which side of zero each kinked unit is on.
    /// </summary>
    private sealed class DoubleNetwork
    {
        private readonly NeuralNetwork _network;
        private readonly ILossFunction _loss;
        private readonly InputArrays _input;
        private readonly double[] _firstInput;
        private readonly int _rows, _first;
        private readonly float[][] _masks;
        private readonly double[][] _activations;
        private readonly bool[][] _signs;

        public DoubleNetwork(NeuralNetwork network, Workspace ws, ILossFunction loss, InputArrays input)
        {
            _network = network;
            _loss = loss;
            int rows = _rows = input.Rows;
            _input = input;
            _first = network.Input.Parameters.Count;
            _firstInput = new double[rows * network.InputSize];
            Values = network.Parameters.Select(p => p.Values.Select(v => (double)v).ToArray()).ToArray();
            _masks = network.Layers.Select((l, i) => l.DropoutRate > 0f ? ws.Mask[i].AsSpan(0, rows * l.OutputSize).ToArray() : []).ToArray();
            _activations = network.Layers.Select(l => new double[rows * l.OutputSize]).ToArray();
            _signs = network.Layers.Select(l => new bool[rows * l.OutputSize]).ToArray();
        }

        /// <summary>Double copies of every parameter, in <see cref="NeuralNetwork.Parameters"/> order; perturbed in place.</summary>
        public double[][] Values { get; }

        public bool KinkCrossed { get; private set; }

        public double Loss(ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, bool recordSigns)
        {
            if (recordSigns) KinkCrossed = false;
            double[] input = FirstLayerInput();
            for (int l = 0; l < _network.Layers.Count; l++)
            {
                DenseLayer layer = _network.Layers[l];
                double[] w = Values[_first + 2 * l], b = Values[_first + 2 * l + 1], output = _activations[l];
                bool kinked = layer.Function.HasKinkAtZero;
                int n = layer.OutputSize, k = layer.InputSize;
                for (int r = 0; r < _rows; r++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double z = b[j];
                        for (int p = 0; p < k; p++) z += input[r * k + p] * w[p * n + j];
                        int at = r * n + j;
                        if (kinked)
                        {
                            if (recordSigns) _signs[l][at] = z > 0;
                            else if (_signs[l][at] != z > 0) KinkCrossed = true;
                        }
                        double a = layer.Function.Apply(z);
                        output[at] = _masks[l].Length > 0 ? a * _masks[l][at] : a;
                    }
                }
                input = output;
            }

            int outputs = _network.OutputSize, width = _loss.TargetWidth(outputs);
            double sum = 0, total = 0;
            for (int r = 0; r < _rows; r++)
            {
                double weight = weights.IsEmpty ? 1 : weights[r];
                sum += weight * _loss.RowLoss(input.AsSpan(r * outputs, outputs), targets.Slice(r * width, width), r);
                total += weight;
            }
            return sum / total;
        }

        /// <summary>The first layer's input rows, each part's expansion side by side, from the (perturbed) values.</summary>
        private double[] FirstLayerInput()
        {
            var view = _input.View;
            int width = _network.InputSize, offset = 0, parameter = 0;
            foreach (var part in _network.Input.Parts)
            {
                var own = Values.Skip(parameter).Take(part.Parameters.Count).ToArray();
                for (int r = 0; r < _rows; r++) part.Expand(view, r, own, _firstInput.AsSpan(r * width + offset, part.Description.Rows));
                offset += part.Description.Rows;
                parameter += part.Parameters.Count;
            }
            return _firstInput;
        }
    }
}
