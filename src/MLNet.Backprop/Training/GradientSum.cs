using System.Numerics.Tensors;

namespace MLNet.Backprop.Training;

/// <summary>
/// What a node of a step's reduction tree holds: the unscaled gradient sum Σᵢ wᵢ·∂lᵢ/∂θ over its rows (every parameter,
/// flattened in the network's parameter order), the weighted loss sum Σᵢ wᵢ·lᵢ, the weight sum Σᵢ wᵢ, and the units'
/// activity for the dead-unit and saturation statistics.
/// </summary>
internal sealed class GradientSum(float[] gradient, double loss, double weight, UnitActivity activity, SparseBlock? sparse = null)
{
    /// <summary>Σᵢ wᵢ·∂lᵢ/∂θ, flattened (see <see cref="ParameterVector"/>).</summary>
    public float[] Gradient { get; } = gradient;

    /// <summary>Σᵢ wᵢ·lᵢ.</summary>
    public double Loss { get; private set; } = loss;

    /// <summary>Σᵢ wᵢ.</summary>
    public double Weight { get; private set; } = weight;

    /// <summary>Which units fired, and how many activations saturated, over the node's rows.</summary>
    public UnitActivity Activity { get; } = activity;

    /// <summary>The rows of a sparse first layer's weight gradient that may be non-zero (every other row of that block
    /// is +0), or null when any value may be non-zero.</summary>
    public SparseBlock? Sparse { get; private set; } = sparse;

    /// <summary>Adds <paramref name="right"/> into this node (its left sibling) and returns it: element-wise float
    /// additions and double sums, one rounding each, so the bits depend only on the tree.</summary>
    /// <remarks>When both operands list the rows of the same sparse block, only the rows either lists are added: the
    /// others are +0 on both sides and +0 + +0 = +0, so the sum's bits are those of the whole vectors' sum (a −0 in a
    /// listed row is added as the whole sum would add it) at the cost of the listed rows.</remarks>
    public GradientSum Add(GradientSum right)
    {
        if (Sparse is { } left && right.Sparse is { } other && left.SameBlock(other))
        {
            int end = left.Offset + left.Length;
            TensorPrimitives.Add(Gradient.AsSpan(0, left.Offset), right.Gradient.AsSpan(0, left.Offset), Gradient.AsSpan(0, left.Offset));
            TensorPrimitives.Add(Gradient.AsSpan(end), right.Gradient.AsSpan(end), Gradient.AsSpan(end));
            var union = left.Union(other);
            int n = union.Width;
            foreach (int row in union.Rows)
            {
                int at = union.Offset + row * n;
                TensorPrimitives.Add(Gradient.AsSpan(at, n), right.Gradient.AsSpan(at, n), Gradient.AsSpan(at, n));
            }
            Sparse = union;
        }
        else
        {
            TensorPrimitives.Add(Gradient, right.Gradient, Gradient);
            Sparse = null;
        }
        Loss += right.Loss;
        Weight += right.Weight;
        Activity.Merge(right.Activity);
        return this;
    }
}

/// <summary>Unit activity over some rows, mergeable in any order (a maximum and integer sums): per unit of every
/// layer, 1 once its pre-activation was positive (ReLU family); per layer, the saturated and all activations counted
/// (sigmoid, tanh).</summary>
internal sealed class UnitActivity(float[] everActive, long[] saturated, long[] activations)
{
    /// <summary>Per unit, layers concatenated: 1 when positive for some row, else 0.</summary>
    public float[] EverActive { get; } = everActive;

    /// <summary>Per layer: saturated activations.</summary>
    public long[] Saturated { get; } = saturated;

    /// <summary>Per layer: activations counted for saturation.</summary>
    public long[] Activations { get; } = activations;

    /// <summary>No activity for a network with these layer widths.</summary>
    public static UnitActivity Empty(IReadOnlyList<int> units) => new(new float[units.Sum()], new long[units.Count], new long[units.Count]);

    public void Merge(UnitActivity other)
    {
        TensorPrimitives.Max(EverActive, other.EverActive, EverActive);
        for (int l = 0; l < Saturated.Length; l++)
        {
            Saturated[l] += other.Saturated[l];
            Activations[l] += other.Activations[l];
        }
    }
}
