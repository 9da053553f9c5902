using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// A fully connected layer: Z = X·W + b, A = f(Z), on a whole mini-batch (rows are examples).
/// </summary>
/// <remarks>
/// <para>W is stored input × output, row-major, so the forward product needs no transpose and the batch output is
/// batch × output, ready to be the next layer's input.</para>
/// <para>Backward is the chain rule for one layer: given dL/dA it forms dL/dZ = dL/dA ⊙ f′(Z), then
/// dL/dW = Xᵀ·dL/dZ, dL/db = Σ_rows dL/dZ and dL/dX = dL/dZ·Wᵀ (passed to the layer below).</para>
/// </remarks>
public sealed class DenseLayer
{
    internal DenseLayer(int index, int inputSize, int outputSize, IActivationFunction function, float dropoutRate)
    {
        Index = index;
        InputSize = inputSize;
        OutputSize = outputSize;
        Function = function;
        DropoutRate = dropoutRate;
        Weights = new Parameter($"layer{index}.weights", inputSize * outputSize, isWeightMatrix: true);
        Bias = new Parameter($"layer{index}.bias", outputSize, isWeightMatrix: false);
    }

    /// <summary>Position of the layer in the network, 0 for the first hidden layer.</summary>
    public int Index { get; }

    /// <summary>Number of inputs (columns of X).</summary>
    public int InputSize { get; }

    /// <summary>Number of units (columns of Z and A).</summary>
    public int OutputSize { get; }

    /// <summary>The activation f.</summary>
    public Activation Activation => Function.Kind;

    /// <summary>Share of this layer's outputs zeroed during training (inverted dropout); 0 for none.</summary>
    public float DropoutRate { get; }

    /// <summary>W, input × output, row-major.</summary>
    public Parameter Weights { get; }

    /// <summary>b, one per unit.</summary>
    public Parameter Bias { get; }

    /// <summary>The activation implementation; settable so tests can plant a broken derivative.</summary>
    internal IActivationFunction Function { get; set; }

    /// <summary>Z = X·W + b and A = f(Z) for <paramref name="batch"/> rows.</summary>
    internal void Forward(ReadOnlySpan<float> x, Span<float> z, Span<float> a, int batch, int threads)
    {
        int n = OutputSize;
        Gemm.Multiply(x, false, Weights.Values, false, z, batch, n, InputSize, accumulate: false, threads);
        if (Function is ReluFunction)
        {
            // The common case in one pass over Z: bias, then ReLU (bit-identical to the two separate passes).
            LayerKernels.AddBiasRelu(z, Bias.Values, a, batch, n);
            return;
        }
        LayerKernels.AddBias(z, Bias.Values, batch, n);
        Function.Forward(z.Slice(0, batch * n), a.Slice(0, batch * n));
    }

    /// <summary>
    /// Turns <paramref name="delta"/> (dL/dA on entry) into dL/dZ in place, writes dL/dW and dL/db into the
    /// parameters' gradients, and dL/dX into <paramref name="inputGradient"/> unless it is empty.
    /// </summary>
    internal void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta,
        Span<float> inputGradient, int batch, int threads)
    {
        int n = OutputSize;
        int size = batch * n;
        // dL/db = Σ_rows dL/dZ, rows added in order; for ReLU fused with the derivative pass.
        if (Function is ReluFunction)
        {
            LayerKernels.ReluBackwardWithColumnSums(a.Slice(0, size), delta.Slice(0, size), Bias.Gradients, batch, n);
        }
        else
        {
            Function.Backward(z.Slice(0, size), a.Slice(0, size), delta.Slice(0, size));
            LayerKernels.ColumnSums(delta.Slice(0, size), Bias.Gradients, batch, n);
        }
        Gemm.Multiply(x, true, delta, false, Weights.Gradients, InputSize, n, batch, accumulate: false, threads);

        if (!inputGradient.IsEmpty)
            Gemm.Multiply(delta, false, Weights.Values, true, inputGradient, batch, InputSize, n, accumulate: false, threads);
    }
}
