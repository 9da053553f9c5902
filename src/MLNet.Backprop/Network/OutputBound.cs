namespace MLNet.Backprop.Network;

/// <summary>
/// An upper bound of |output| of a network over every input whose values lie in [−m, m], from its weights alone:
/// |z_j| ≤ m·Σ_i |W_ij| + |b_j| per layer, each activation bounded as it states
/// (<see cref="Activations.IActivationFunction.Bound"/>: |z| for ReLU, LeakyReLU, GELU, identity; max(|z|, α) for ELU; 1 for tanh, sigmoid). When the bound is far below float's range no row can overflow, and the
/// final checks of a trained model skip their pass over the training rows (a whole epoch's forward work: a third of a
/// one-epoch Fit on a large network). The bound is computed in double from the stored weights; it is loose, so a
/// large bound proves nothing and the rows are checked as before.
/// </summary>
internal static class OutputBound
{
    /// <summary>Bounds below this certify finite outputs: far below float's 3.4e38, so that every partial sum of a
    /// product, an ensemble mean and an undone label scale stay finite too.</summary>
    public const double Certain = 1e30;

    /// <summary>The bound of |output| for inputs bounded by <paramref name="maxAbsInput"/> (infinity when it is not finite).</summary>
    public static double Of(NeuralNetwork network, double maxAbsInput)
    {
        if (!double.IsFinite(maxAbsInput)) return double.PositiveInfinity;
        // The first layer through its input stage (each part bounds its own product), the others as dense products.
        double bound = Activated(network.Layers[0], network.Input.Bounds(maxAbsInput));
        foreach (var layer in network.Layers.Skip(1))
        {
            if (!double.IsFinite(bound)) return double.PositiveInfinity;
            ReadOnlySpan<float> w = layer.Weights.Span;
            int inputs = layer.InputSize, outputs = layer.OutputSize;
            var columnSums = new double[outputs];
            for (int i = 0; i < inputs; i++)
            {
                var row = w.Slice(i * outputs, outputs);
                for (int j = 0; j < outputs; j++) columnSums[j] += Math.Abs((double)row[j]);
            }
            for (int j = 0; j < outputs; j++) columnSums[j] *= bound;
            bound = Activated(layer, columnSums);
        }
        return double.IsNaN(bound) ? double.PositiveInfinity : bound;
    }

    /// <summary>The largest |a_j| of a layer whose |z_j − b_j| are bounded by <paramref name="products"/>.</summary>
    private static double Activated(DenseLayer layer, double[] products)
    {
        ReadOnlySpan<float> b = layer.Bias.Span;
        double next = 0;
        for (int j = 0; j < products.Length; j++) next = Math.Max(next, layer.Function.Bound(products[j] + Math.Abs((double)b[j])));
        return next;
    }
}
