using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// A multilayer perceptron: an ordered list of dense layers, the last one linear (its outputs are logits). The first
/// layer takes its input through an input stage, whose parts say how each part of a row enters it.
/// </summary>
/// <remarks>
/// The network owns only its parameters. Per-batch buffers live in a <see cref="Workspace"/>, so several threads can
/// score with one network at once, each with its own workspace.
/// </remarks>
public sealed class NeuralNetwork
{
    private readonly DenseLayer[] _layers;
    private readonly Parameter[] _parameters;

    private NeuralNetwork(IReadOnlyList<InputPartDescription> inputs, DenseLayer[] layers)
    {
        _layers = layers;
        Input = new InputStage(inputs, layers[0]);
        _parameters = [.. Input.Parameters, .. layers.SelectMany(l => new[] { l.WeightParameter, l.BiasParameter })];
    }

    /// <summary>Builds a network with freshly initialised weights.</summary>
    /// <param name="options">The architecture.</param>
    internal static NeuralNetwork Create(NetworkOptions options)
    {
        var rng = new Rng(options.Seed);
        int threads = options.NumberOfThreads == 0 ? Environment.ProcessorCount : options.NumberOfThreads;
        var inputs = options.InputParts ?? [InputPartDescription.Dense(options.InputSize)];
        int[] sizes = [inputs.Sum(p => p.Rows), .. options.HiddenLayers, options.OutputSize];
        var layers = new DenseLayer[sizes.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            bool output = l == layers.Length - 1;
            ActivationSpec activation = output ? new(Activation.Identity) : options.Activation;
            var layer = new DenseLayer(l, new LayerDescription(sizes[l], sizes[l + 1], activation, output ? 0f : options.Dropout));
            var scheme = WeightInitializer.Resolve(options.Initialization, layer.Function);
            WeightInitializer.Fill(layer.WeightParameter.Values, sizes[l], sizes[l + 1], scheme, rng.Fork(), threads);
            if (!output) Array.Fill(layer.BiasParameter.Values, options.InitialBias);
            layers[l] = layer;
        }
        var network = new NeuralNetwork(inputs, layers);
        // After the layers: a network without input parameters draws exactly what it drew before they existed.
        network.Input.Initialize(rng);
        return network;
    }

    /// <summary>Rebuilds a network (zero weights) from its input parts' and layers' descriptions (model loading, cloning,
    /// a cluster's workers).</summary>
    internal static NeuralNetwork FromLayers(IReadOnlyList<InputPartDescription> inputs, IReadOnlyList<LayerDescription> layers) =>
        new(inputs, layers.Select((d, l) => new DenseLayer(l, d)).ToArray());

    /// <summary>Rebuilds a network (zero weights) of one dense input block from its layers' descriptions.</summary>
    internal static NeuralNetwork FromLayers(IReadOnlyList<LayerDescription> layers) =>
        FromLayers([InputPartDescription.Dense(layers[0].Inputs)], layers);

    /// <summary>The first layer seen from its input: how each part of a row enters it.</summary>
    internal InputStage Input { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Every parameter in layer order: layer0.weights, layer0.bias, layer1.weights, …</summary>
    internal IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of inputs of the first layer (the feature vector's length when the input is one dense block).</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Number of outputs (logits).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Total number of trainable values.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Length);

    /// <summary>A deep copy: same architecture and values, independent buffers.</summary>
    internal NeuralNetwork Clone()
    {
        var copy = FromLayers(Input.Describe(), Describe());
        copy.CopyParametersFrom(this);
        return copy;
    }

    /// <summary>This network with the learned input scales (<see cref="ScaledDenseInput"/>, <see cref="RowScaledInput"/>)
    /// folded into the first layer's rows (W_j ← s_j·W_j) and the part turned into a plain dense block (a clipped one when
    /// the scales followed a clip), or into the part the scales were around: the same function, no scale left to store or
    /// apply. The network itself when it has no such part.</summary>
    internal NeuralNetwork WithInputScalesFolded()
    {
        if (!Input.Parts.Any(p => p is ScaledDenseInput or RowScaledInput)) return this;
        var parts = Input.Parts.Select(p => p switch
        {
            RowScaledInput rows => rows.Inner.Description,
            ScaledDenseInput => p.Description.Clip is { } clip ? InputPartDescription.ClippedDense(clip) : InputPartDescription.Dense(p.Description.Slots),
            _ => p.Description,
        }).ToArray();
        var folded = FromLayers(parts, Describe());
        var scales = Input.Parts.Select(p => p switch { ScaledDenseInput s => s.Scales, RowScaledInput r => r.Scales, _ => null }).OfType<Parameter>().ToArray();
        var kept = _parameters.Where(p => !scales.Any(s => ReferenceEquals(s, p))).ToArray();
        for (int i = 0; i < kept.Length; i++) kept[i].Values.CopyTo(folded._parameters[i].Values, 0);
        int units = _layers[0].OutputSize, row = 0;
        foreach (var part in Input.Parts)
        {
            var weights = folded._layers[0].WeightParameter.Values.AsSpan(row * units, part.Description.Rows * units);
            if (part is ScaledDenseInput scaled) scaled.FoldScalesInto(weights, units);
            else if (part is RowScaledInput scaledRows) scaledRows.FoldScalesInto(weights, units);
            row += part.Description.Rows;
        }
        return folded;
    }

    /// <summary>Copies every parameter value from a network of the same architecture.</summary>
    internal void CopyParametersFrom(NeuralNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source._parameters.Length != _parameters.Length)
            throw new ArgumentException("The source network has a different architecture.", nameof(source));
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (source._parameters[i].Length != _parameters[i].Length)
                throw new ArgumentException($"Parameter {_parameters[i].Name} differs in size.", nameof(source));
            source._parameters[i].Values.CopyTo(_parameters[i].Values, 0);
        }
    }

    /// <summary>Computes the logits of <paramref name="rows"/> examples (row-major, <see cref="InputSize"/> values each;
    /// for a network whose features are encoded before the first layer, the feature values before their encoding).</summary>
    /// <param name="features">rows × InputSize values (rows × features for an encoded input).</param>
    /// <param name="logits">Receives rows × OutputSize values.</param>
    /// <param name="rows">Number of examples; 0 or more.</param>
    /// <exception cref="NotSupportedException">The network reads a sparse block or categorical keys, which dense rows do
    /// not carry: score it through its <see cref="BackpropTransformer"/>.</exception>
    public void Predict(ReadOnlySpan<float> features, Span<float> logits, int rows)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Must be 0 or more.");
        RequireDenseInput(nameof(Predict), "Score it through its BackpropTransformer (Transform, or a PredictionEngine), which reads the sparse vector and the key columns.");
        int width = RowWidth;
        // In 64 bits: rows × width can overflow an int and pass the checks negative.
        if (features.Length < (long)rows * width)
            throw new ArgumentException($"features holds {features.Length} values; {rows} rows × {width} inputs = {(long)rows * width} expected.", nameof(features));
        if (logits.Length < (long)rows * OutputSize)
            throw new ArgumentException($"logits holds {logits.Length} values; {(long)rows * OutputSize} needed.", nameof(logits));
        Predict(InputView.OfDense(features.Slice(0, rows * width), rows), logits);
    }

    /// <summary>Throws unless the input is a dense block alone: dense rows cannot feed a sparse block (its rows are CSR) or
    /// the keys of an embedding table, and a public method taking them says so rather than failing on the sparse product's
    /// offsets or a row width the caller never had.</summary>
    /// <exception cref="NotSupportedException">The input has a sparse block or categorical keys.</exception>
    internal void RequireDenseInput(string method, string instead)
    {
        if (Input.Shape is { } shape && (shape.SparseWidth > 0 || shape.KeyColumns > 0))
            throw new NotSupportedException($"{method} takes rows of dense features; this network's input is {shape}. {instead}");
    }

    /// <summary>Values of a row of a dense input: the dense block's (features, before any encoding) when the input is that
    /// block alone, else <see cref="InputSize"/> (as before other input kinds existed).</summary>
    internal int RowWidth => Input.Shape is { SparseWidth: 0, KeyColumns: 0, DenseWidth: > 0 } shape ? shape.DenseWidth : InputSize;

    /// <summary>Computes the logits of every row of <paramref name="input"/> into <paramref name="logits"/> (rows × OutputSize).</summary>
    internal void Predict(in InputView input, Span<float> logits)
    {
        const int Chunk = 256;
        int rows = input.Rows;
        var workspace = new Workspace(this, Math.Max(1, Math.Min(rows, Chunk)));
        for (int start = 0; start < rows; start += Chunk)
        {
            int count = Math.Min(Chunk, rows - start);
            var output = Forward(workspace, input.Slice(Input.Shape, start, count), training: false, null, 1);
            output.CopyTo(logits.Slice(start * OutputSize, count * OutputSize));
        }
    }

    /// <summary>The factor on every layer's dropout rate in training (<see cref="DropoutScheduleKind"/>); 1 (the rates as
    /// set) unless a schedule changes it for an epoch.</summary>
    internal float DropoutFactor { get; set; } = 1f;

    /// <summary>Forward pass; returns the logits (a view into the workspace). In training, dropout masks come from
    /// <paramref name="counterDropout"/> when it is given (the micro-batch mode), else from <paramref name="dropoutRng"/>.</summary>
    internal ReadOnlySpan<float> Forward(Workspace ws, ReadOnlySpan<float> x, int batch, bool training, Rng? dropoutRng, int threads,
        CounterDropout? counterDropout = null) =>
        Forward(ws, InputView.OfDense(x.Slice(0, batch * RowWidth), batch), training, dropoutRng, threads, counterDropout);

    /// <summary>Forward pass of <paramref name="x"/>'s rows; see the dense overload.</summary>
    internal ReadOnlySpan<float> Forward(Workspace ws, scoped in InputView x, bool training, Rng? dropoutRng, int threads, CounterDropout? counterDropout = null) =>
        Forward(ws, x, training, dropoutRng, threads, counterDropout, shared: null, network: 0);

    /// <summary>Scoring pass of a network of an ensemble: as <see cref="Forward(Workspace, in InputView, bool, Rng?, int, CounterDropout?)"/>
    /// with <c>training: false</c>, its input parts reading the encodings the ensemble's networks share
    /// (<paramref name="shared"/>, this network being its <paramref name="network"/>-th).</summary>
    internal ReadOnlySpan<float> Score(Workspace ws, scoped in InputView x, SharedEncodings shared, int network) =>
        Forward(ws, x, training: false, null, 1, null, shared, network);

    private ReadOnlySpan<float> Forward(Workspace ws, scoped in InputView x, bool training, Rng? dropoutRng, int threads, CounterDropout? counterDropout,
        SharedEncodings? shared, int network)
    {
        int batch = x.Rows;
        if (batch > ws.Capacity) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"The workspace holds {ws.Capacity} rows.");
        ReadOnlySpan<float> input = default;
        for (int l = 0; l < _layers.Length; l++)
        {
            DenseLayer layer = _layers[l];
            int size = batch * layer.OutputSize;
            if (l == 0) Input.Forward(x, ws.Z[0], ws.A[0], threads, ws.InputScratch, shared, network);
            else layer.Forward(input, ws.Z[l], ws.A[l], batch, threads);
            if (layer.DropoutRate > 0f)
            {
                // A scheduled rate of 0 still draws its (all-ones) mask: backward multiplies by the mask of this pass.
                float rate = layer.DropoutRate * DropoutFactor;
                if (training && counterDropout is not null)
                    Dropout.Forward(rate, ws.A[l].AsSpan(0, size), ws.Mask[l].AsSpan(0, size), ws.Output[l].AsSpan(0, size),
                        counterDropout.Key(l), counterDropout.FirstCounter(layer.OutputSize));
                else if (training) Dropout.Forward(rate, ws.A[l].AsSpan(0, size), ws.Mask[l].AsSpan(0, size), ws.Output[l].AsSpan(0, size), dropoutRng!);
                else ws.A[l].AsSpan(0, size).CopyTo(ws.Output[l]);
                PhaseClock.Mark(TrainingPhase.Activation);
            }
            input = ws.Output[l].AsSpan(0, size);
        }
        return input;
    }

    /// <summary>
    /// Backward pass after the forward pass with the same inputs. The last entry of <see cref="Workspace.Delta"/> must
    /// hold dL/dlogits; fills every parameter's gradients, with <paramref name="l2"/>·W added to every weight matrix's.
    /// </summary>
    internal void Backward(Workspace ws, ReadOnlySpan<float> x, int batch, int threads, float l2 = 0f) =>
        Backward(ws, InputView.OfDense(x.Slice(0, batch * InputSize), batch), threads, l2);

    /// <summary>Backward pass after the forward pass of the same input (a view of any parts).</summary>
    internal void Backward(Workspace ws, in InputView x, int threads, float l2 = 0f)
    {
        int batch = x.Rows;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            DenseLayer layer = _layers[l];
            int size = batch * layer.OutputSize;
            Span<float> delta = ws.Delta[l].AsSpan(0, size);
            if (layer.DropoutRate > 0f) Dropout.Backward(ws.Mask[l].AsSpan(0, size), delta);
            if (l == 0)
            {
                Input.Backward(x, ws.Z[0], ws.A[0], delta, threads, l2, ws.InputScratch);
                continue;
            }
            ReadOnlySpan<float> input = ws.Output[l - 1].AsSpan(0, batch * layer.InputSize);
            Span<float> inputGradient = ws.Delta[l - 1].AsSpan(0, batch * layer.InputSize);
            layer.Backward(input, ws.Z[l], ws.A[l], delta, inputGradient, batch, threads, l2);
        }
    }

    /// <summary>Each layer's description, input side first.</summary>
    internal IReadOnlyList<LayerDescription> Describe() => _layers.Select(l => l.Description).ToArray();
}
