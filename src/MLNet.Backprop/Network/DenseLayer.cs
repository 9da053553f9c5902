using System.Numerics.Tensors;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// A fully connected layer: Z = X·W + b, A = f(Z), on a whole mini-batch (rows are examples).
/// </summary>
/// <remarks>
/// <para>W is stored input × output, row-major, so the forward product needs no transpose and the batch output is
/// batch × output, ready to be the next layer's input.</para>
/// <para>Backward is the chain rule for one layer: given dL/dA it forms dL/dZ = dL/dA ⊙ f′(Z) and dL/db = Σ_rows dL/dZ
/// (the activation's step), then dL/dW = Xᵀ·dL/dZ (+ λW with an L2 penalty) and dL/dX = dL/dZ·Wᵀ, passed to the layer
/// below.</para>
/// </remarks>
public sealed class DenseLayer
{
    internal DenseLayer(int index, LayerDescription description)
    {
        Index = index;
        Description = description;
        Function = ActivationFunctions.Create(description.Activation);
        WeightParameter = new Parameter($"layer{index}.weights", WeightCount(description), isWeightMatrix: true);
        BiasParameter = new Parameter($"layer{index}.bias", description.Outputs, isWeightMatrix: false);
    }

    // The trainer refuses such shapes naming HiddenLayers; this guards every other way of building a layer.
    private static int WeightCount(LayerDescription d)
    {
        long count = (long)d.Inputs * d.Outputs;
        return count <= Array.MaxLength ? (int)count
            : throw new ArgumentOutOfRangeException(nameof(d), count, $"A {d.Inputs} × {d.Outputs} layer has {count:N0} weights, more than one array holds.");
    }

    /// <summary>Position of the layer in the network, 0 for the first hidden layer.</summary>
    public int Index { get; }

    /// <summary>Number of inputs (columns of X).</summary>
    public int InputSize => Description.Inputs;

    /// <summary>Number of units (columns of Z and A).</summary>
    public int OutputSize => Description.Outputs;

    /// <summary>The activation f.</summary>
    public Activation Activation => Description.Activation.Kind;

    /// <summary>Share of this layer's outputs zeroed during training (inverted dropout); 0 for none.</summary>
    public float DropoutRate => Description.Dropout;

    /// <summary>W, input × output, row-major (the weight from input i to unit j is at i·<see cref="OutputSize"/> + j):
    /// a read-only view of the trained values.</summary>
    public ReadOnlyMemory<float> Weights => WeightParameter.Values;

    /// <summary>b, one per unit: a read-only view of the trained values.</summary>
    public ReadOnlyMemory<float> Bias => BiasParameter.Values;

    /// <summary>W with its gradient, as training updates it.</summary>
    internal Parameter WeightParameter { get; }

    /// <summary>b with its gradient, as training updates it.</summary>
    internal Parameter BiasParameter { get; }

    /// <summary>Shape, activation (with its parameter) and dropout.</summary>
    internal LayerDescription Description { get; }

    /// <summary>The activation step; settable so tests can plant a broken derivative.</summary>
    internal IActivationFunction Function { get; set; }

    /// <summary>Z = X·W + b and A = f(Z) for <paramref name="batch"/> rows.</summary>
    internal void Forward(ReadOnlySpan<float> x, Span<float> z, Span<float> a, int batch, int threads)
    {
        Gemm.Multiply(x, false, WeightParameter.Values, false, z, batch, OutputSize, InputSize, accumulate: false, threads);
        PhaseClock.Mark(TrainingPhase.ForwardGemm);
        Activate(z, a, batch, threads);
    }

    /// <summary>With X·W in <paramref name="z"/>: Z += b and A = f(Z) (the input stage computes the first layer's product).</summary>
    internal void Activate(Span<float> z, Span<float> a, int batch, int threads)
    {
        Function.Forward(z, BiasParameter.Values, a, batch, OutputSize, threads);
        PhaseClock.Mark(TrainingPhase.Activation);
    }

    /// <summary>dL/dA → dL/dZ in place and dL/db (the activation's step of <see cref="Backward"/>).</summary>
    internal void BackwardActivation(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int batch, int threads)
    {
        Function.Backward(z, a, delta, BiasParameter.Gradients, batch, OutputSize, threads);
        PhaseClock.Mark(TrainingPhase.Activation);
    }

    /// <summary>Adds the gradient of the penalty ½λ‖W‖² to the weights' (biases are not penalised); with lazy sparse
    /// rows (<see cref="Parameter.Touched"/>), to the rows the step touched only.</summary>
    internal void AddL2(float l2) => WeightParameter.AddL2(l2);

    /// <summary>
    /// Turns <paramref name="delta"/> (dL/dA on entry) into dL/dZ in place, writes dL/db and dL/dW (plus
    /// <paramref name="l2"/>·W) into the parameters' gradients, and dL/dX into <paramref name="inputGradient"/> unless
    /// it is empty.
    /// </summary>
    internal void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta,
        Span<float> inputGradient, int batch, int threads, float l2)
    {
        int n = OutputSize;
        BackwardActivation(z, a, delta, batch, threads);
        Gemm.Multiply(x, true, delta, false, WeightParameter.Gradients, InputSize, n, batch, accumulate: false, threads);
        AddL2(l2);
        if (!inputGradient.IsEmpty)
            Gemm.Multiply(delta, false, WeightParameter.Values, true, inputGradient, batch, InputSize, n, accumulate: false, threads);
        PhaseClock.Mark(TrainingPhase.BackwardGemm);
    }
}
