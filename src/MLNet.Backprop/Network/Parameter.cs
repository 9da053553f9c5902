namespace MLNet.Backprop.Network;

/// <summary>
/// One trainable tensor of a network, stored flat: its values and the gradient of the loss with respect to them.
/// </summary>
/// <remarks>
/// Optimizers see a network as a flat list of parameters; the name (<c>layer0.weights</c>, <c>layer0.bias</c>) is what
/// diagnostics and reports show.
/// </remarks>
internal sealed class Parameter
{
    /// <summary>Creates a parameter of <paramref name="length"/> zeros.</summary>
    /// <param name="name">Display name, e.g. <c>layer0.weights</c>.</param>
    /// <param name="length">Number of values; must be positive.</param>
    /// <param name="isWeightMatrix">True for weight matrices (regularised), false for biases (not regularised).</param>
    public Parameter(string name, int length, bool isWeightMatrix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A parameter needs at least one value.");
        Name = name;
        Values = new float[length];
        Gradients = new float[length];
        IsWeightMatrix = isWeightMatrix;
    }

    /// <summary>Display name, e.g. <c>layer0.weights</c>.</summary>
    public string Name { get; }

    /// <summary>The current values (row-major for weight matrices: input × output).</summary>
    public float[] Values { get; }

    /// <summary>dLoss/dValues from the last backward pass; same length as <see cref="Values"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>Number of values.</summary>
    public int Length => Values.Length;

    /// <summary>True for weight matrices, which L2 regularisation and weight decay apply to; false for biases.</summary>
    public bool IsWeightMatrix { get; }

    /// <summary>The factor of the learning rate this parameter's updates use; 1 for every parameter but a part's that learns
    /// faster (<see cref="Inputs.ScaledDenseInput"/>'s scales).</summary>
    public float LearningRateFactor { get; init; } = 1f;

    /// <summary>For a matrix whose gradient a step writes on some rows only (a sparse input's rows of the first layer):
    /// which rows it wrote; null when every step writes the whole gradient.</summary>
    public TouchedRows? Touched { get; set; }

    /// <summary>Adds the gradient of the penalty ½λ‖W‖² to the gradients: of the rows a step touched when
    /// <see cref="Touched"/> lists them (lazy: untouched rows are not penalised either), else of every value.</summary>
    public void AddL2(float l2)
    {
        if (!(l2 > 0f)) return;
        if (Touched is { All: false } touched)
        {
            int n = touched.RowWidth;
            foreach (int row in touched.Rows)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(Values.AsSpan(row * n, n), l2, Gradients.AsSpan(row * n, n), Gradients.AsSpan(row * n, n));
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(Values, l2, Gradients, Gradients);
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients() => Array.Clear(Gradients);
}
