using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// A multilayer perceptron: an ordered list of dense layers, the last one linear (its outputs are logits).
/// </summary>
/// <remarks>
/// The network owns only its parameters. Per-batch buffers live in a <see cref="Workspace"/>, so several threads can
/// score with one network at once, each with its own workspace.
/// </remarks>
public sealed class NeuralNetwork
{
    private readonly DenseLayer[] _layers;
    private readonly Parameter[] _parameters;

    private NeuralNetwork(DenseLayer[] layers)
    {
        _layers = layers;
        _parameters = layers.SelectMany(l => new[] { l.WeightParameter, l.BiasParameter }).ToArray();
    }

    /// <summary>Builds a network with freshly initialised weights.</summary>
    /// <param name="options">The architecture.</param>
    internal static NeuralNetwork Create(NetworkOptions options)
    {
        var rng = new Rng(options.Seed);
        int threads = options.NumberOfThreads == 0 ? Environment.ProcessorCount : options.NumberOfThreads;
        int[] sizes = [options.InputSize, .. options.HiddenLayers, options.OutputSize];
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
        return new NeuralNetwork(layers);
    }

    /// <summary>Rebuilds a network (zero weights) from layer descriptions (used by model loading and cloning).</summary>
    internal static NeuralNetwork FromLayers(IReadOnlyList<LayerDescription> descriptions) =>
        new(descriptions.Select((d, l) => new DenseLayer(l, d)).ToArray());

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Every parameter in layer order: layer0.weights, layer0.bias, layer1.weights, …</summary>
    internal IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of input features.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Number of outputs (logits).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Total number of trainable values.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Length);

    /// <summary>A deep copy: same architecture and values, independent buffers.</summary>
    internal NeuralNetwork Clone()
    {
        var copy = FromLayers(Describe());
        copy.CopyParametersFrom(this);
        return copy;
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

    /// <summary>Computes the logits of <paramref name="rows"/> examples (row-major, <see cref="InputSize"/> values each).</summary>
    /// <param name="features">rows × InputSize values.</param>
    /// <param name="logits">Receives rows × OutputSize values.</param>
    /// <param name="rows">Number of examples; 0 or more.</param>
    public void Predict(ReadOnlySpan<float> features, Span<float> logits, int rows)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Must be 0 or more.");
        if (features.Length < rows * InputSize)
            throw new ArgumentException($"features holds {features.Length} values; {rows} rows × {InputSize} inputs = {rows * InputSize} expected.", nameof(features));
        if (logits.Length < rows * OutputSize)
            throw new ArgumentException($"logits holds {logits.Length} values; {rows * OutputSize} needed.", nameof(logits));
        const int Chunk = 256;
        var workspace = new Workspace(this, Math.Max(1, Math.Min(rows, Chunk)));
        for (int start = 0; start < rows; start += Chunk)
        {
            int count = Math.Min(Chunk, rows - start);
            var output = Forward(workspace, features.Slice(start * InputSize, count * InputSize), count, training: false, null, 1);
            output.CopyTo(logits.Slice(start * OutputSize, count * OutputSize));
        }
    }

    /// <summary>Forward pass; returns the logits (a view into the workspace). In training, dropout masks come from
    /// <paramref name="counterDropout"/> when it is given (the micro-batch mode), else from <paramref name="dropoutRng"/>.</summary>
    internal ReadOnlySpan<float> Forward(Workspace ws, ReadOnlySpan<float> x, int batch, bool training, Rng? dropoutRng, int threads,
        CounterDropout? counterDropout = null)
    {
        if (batch > ws.Capacity) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"The workspace holds {ws.Capacity} rows.");
        ReadOnlySpan<float> input = x.Slice(0, batch * InputSize);
        for (int l = 0; l < _layers.Length; l++)
        {
            DenseLayer layer = _layers[l];
            int size = batch * layer.OutputSize;
            layer.Forward(input, ws.Z[l], ws.A[l], batch, threads);
            if (layer.DropoutRate > 0f)
            {
                if (training && counterDropout is not null)
                    Dropout.Forward(layer.DropoutRate, ws.A[l].AsSpan(0, size), ws.Mask[l].AsSpan(0, size), ws.Output[l].AsSpan(0, size),
                        counterDropout.Key(l), counterDropout.FirstCounter(layer.OutputSize));
                else if (training) Dropout.Forward(layer.DropoutRate, ws.A[l].AsSpan(0, size), ws.Mask[l].AsSpan(0, size), ws.Output[l].AsSpan(0, size), dropoutRng!);
                else ws.A[l].AsSpan(0, size).CopyTo(ws.Output[l]);
                PhaseClock.Mark(TrainingPhase.Activation);
            }
            input = ws.Output[l].AsSpan(0, size);
        }
        return input;
    }

    /// <summary>
    /// Backward pass after <see cref="Forward"/> with the same inputs. The last entry of <see cref="Workspace.Delta"/> must
    /// hold dL/dlogits; fills every parameter's gradients, with <paramref name="l2"/>·W added to every weight matrix's.
    /// </summary>
    internal void Backward(Workspace ws, ReadOnlySpan<float> x, int batch, int threads, float l2 = 0f)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            DenseLayer layer = _layers[l];
            int size = batch * layer.OutputSize;
            Span<float> delta = ws.Delta[l].AsSpan(0, size);
            if (layer.DropoutRate > 0f) Dropout.Backward(ws.Mask[l].AsSpan(0, size), delta);
            ReadOnlySpan<float> input = l == 0 ? x.Slice(0, batch * InputSize) : ws.Output[l - 1].AsSpan(0, batch * layer.InputSize);
            Span<float> inputGradient = l == 0 ? Span<float>.Empty : ws.Delta[l - 1].AsSpan(0, batch * layer.InputSize);
            layer.Backward(input, ws.Z[l], ws.A[l], delta, inputGradient, batch, threads, l2);
        }
    }

    /// <summary>Each layer's description, input side first.</summary>
    internal IReadOnlyList<LayerDescription> Describe() => _layers.Select(l => l.Description).ToArray();
}
