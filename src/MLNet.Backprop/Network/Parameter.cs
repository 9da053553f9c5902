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
        Values = Numerics.HugePages.Floats(length);
        IsWeightMatrix = isWeightMatrix;
    }

    /// <summary>Display name, e.g. <c>layer0.weights</c>.</summary>
    public string Name { get; }

    /// <summary>The current values (row-major for weight matrices: input × output).</summary>
    public float[] Values { get; }

    /// <summary>dLoss/dValues from the last backward pass; same length as <see cref="Values"/>, except for a matrix whose
    /// <see cref="Touched"/> rows are <see cref="TouchedRows.Compact"/>: then the i-th listed row's gradient is at
    /// i × row width and the array holds the rows a step can touch only. Allocated on first use (a model that only scores
    /// never holds one).</summary>
    public float[] Gradients => _gradients ?? LazyInitializer.EnsureInitialized(ref _gradients, () => Numerics.HugePages.Floats(Values.Length));

    private float[]? _gradients;

    /// <summary>Stores the gradient compactly (<see cref="TouchedRows.Compact"/>) from now on, with room for
    /// <paramref name="rows"/> touched rows; the dense gradient, if any, is let go.</summary>
    public void UseCompactGradient(int rows)
    {
        if (Touched is null) throw new InvalidOperationException($"{Name} does not list the rows its steps touch.");
        Touched.UseCompact();
        _gradients = new float[checked(Math.Max(1, rows) * Touched.RowWidth)];
    }

    /// <summary>With a compact gradient: makes room for <paramref name="rows"/> touched rows (a new, zero array when the
    /// present one is too short: call it when no row is listed).</summary>
    public void EnsureCompactRows(int rows)
    {
        int n = Touched!.RowWidth;
        rows = Math.Min(rows, Touched.RowCount);
        if ((long)rows * n > Gradients.Length) _gradients = new float[checked(Math.Min(Touched.RowCount, Math.Max(rows, 2 * Gradients.Length / n)) * n)];
    }

    /// <summary>Number of values.</summary>
    public int Length => Values.Length;

    /// <summary>An L2 term of this matrix's own, added to the options' (an id-like embedding table's prior,
    /// <see cref="Training.AutomaticSettings.IdTablePrior"/>); 0 for every other parameter.</summary>
    public float Prior { get; set; }

    /// <summary>True for an embedding table (a categorical column's), whose rows are the column's keys.</summary>
    public bool IsEmbeddingTable { get; init; }

    /// <summary>True for weight matrices, which L2 regularisation and weight decay apply to; false for biases.</summary>
    public bool IsWeightMatrix { get; }

    /// <summary>The factor of the learning rate this parameter's updates use; 1 for every parameter but a part's that learns
    /// faster (<see cref="Inputs.ScaledDenseInput"/>'s scales).</summary>
    public float LearningRateFactor { get; init; } = 1f;

    /// <summary>For a matrix whose gradient a step writes on some rows only (a sparse input's rows of the first layer):
    /// which rows it wrote; null when every step writes the whole gradient.</summary>
    public TouchedRows? Touched { get; set; }

    /// <summary>The optimizer keeps one value of state per row of this matrix (row-wise Adagrad,
    /// <see cref="SparseUpdates.RowWise"/>) instead of its rule's state per value; set before the optimizer is made.</summary>
    public bool RowWiseState { get; set; }

    /// <summary>Adds the gradient of the penalty ½λ‖W‖² to the gradients: of the rows a step touched when
    /// <see cref="Touched"/> lists them (lazy: untouched rows are not penalised either), else of every value.</summary>
    public void AddL2(float l2)
    {
        if (!(l2 > 0f)) return;
        if (Touched is { All: false } touched)
        {
            touched.ForgetSquares();
            int n = touched.RowWidth;
            var rows = touched.Rows;
            for (int i = 0; i < rows.Length; i++)
            {
                var gradient = Gradients.AsSpan(touched.GradientOffset(i), n);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(Values.AsSpan(rows[i] * n, n), l2, gradient, gradient);
            }
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(Values, l2, Gradients, Gradients);
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients() => Array.Clear(Gradients);
}
