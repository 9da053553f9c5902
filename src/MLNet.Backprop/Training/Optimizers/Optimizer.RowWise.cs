using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

// Row-wise state (SparseUpdates.RowWise): the matrices that list their touched rows (a sparse first layer, embedding
// tables) are updated by row-wise Adagrad, with one accumulator per row instead of the rule's state per value: the
// state is O(rows), not (1 or 2) × rows × units (Adam's two moments of a 2²⁰ × 64 layer: 512 MB). An untouched row's
// gradient is zero, which leaves both its accumulator and its values as they are: lazy updates are the dense ones.
internal abstract partial class Optimizer
{
    private float[]?[] _rowSums = [];
    private float _rowWiseEpsilon;

    /// <summary>The state of a value of <paramref name="p"/> for a rule that keeps one per value: none for a row-wise
    /// matrix (marked before the rule is made: <see cref="Parameter.RowWiseState"/>).</summary>
    internal static float[] ElementState(Parameter p) => p.RowWiseState ? [] : HugePages.Floats(p.Length);

    /// <summary>Updates the parameters marked <see cref="Parameter.RowWiseState"/> by row-wise Adagrad from now on: per
    /// row r of n values, G_r ← G_r + (Σ_j g_rj²)/n, then w_rj ← w_rj − η·g_rj/(√G_r + ε), G starting at 0 (FBGEMM's and
    /// TorchRec's row-wise Adagrad). Call before the first step.</summary>
    /// <param name="epsilon">ε of the denominator; finite and &gt; 0.</param>
    internal void UseRowWise(float epsilon)
    {
        if (!(epsilon > 0f) || !float.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and > 0.");
        if (StepCount != 0) throw new InvalidOperationException("Row-wise updates start before the first step.");
        _rowSums = Parameters.Select(p => p.RowWiseState && p.Touched is { } t ? new float[t.RowCount] : null).ToArray();
        _rowWiseEpsilon = epsilon;
    }

    /// <summary>The row sums G of the parameter at <paramref name="index"/> (empty unless it is row-wise).</summary>
    internal ReadOnlySpan<float> RowSums(int index) => _rowSums.Length != 0 && _rowSums[index] is { } sums ? sums : [];

    private IEnumerable<float[]> RowWiseState => _rowSums.OfType<float[]>();

    private bool IsRowWise(int i) => _rowSums.Length != 0 && _rowSums[i] is not null;

    /// <summary>One row's step: G ← G + (Σ g²)/n; w ← w − (η/(√G + ε))·g (a product, then a difference, per value).</summary>
    /// <param name="values">The row's values.</param>
    /// <param name="gradients">Its gradient.</param>
    /// <param name="squares">Σ g² of <paramref name="gradients"/> (<see cref="WideSums.SumOfSquares"/>:
    /// given by the backward pass, or computed here).</param>
    /// <param name="sum">The row's G.</param>
    /// <param name="learningRate">η.</param>
    private void UpdateRowWise(Span<float> values, ReadOnlySpan<float> gradients, float squares, ref float sum, float learningRate)
    {
        sum += squares / gradients.Length;
        float step = learningRate / (MathF.Sqrt(sum) + _rowWiseEpsilon);
        TensorPrimitives.MultiplyAdd(gradients, -step, values, values);
    }

    /// <summary>A dense step of a row-wise matrix (every row: the micro-batch and cluster modes' reduced gradients): each
    /// row as the touched rows' step would update it (a zero row's values and sum do not move, but for the decay).</summary>
    private void UpdateEveryRowRowWise(int i, float learningRate)
    {
        Parameter p = Parameters[i];
        var sums = _rowSums[i]!;
        int n = p.Touched!.RowWidth;
        bool decay = WeightDecay > 0f && p.IsWeightMatrix;
        for (int row = 0; row < sums.Length; row++)
        {
            var values = p.Values.AsSpan(row * n, n);
            if (decay) ApplyWeightDecay(values, learningRate * WeightDecay);
            var gradients = p.Gradients.AsSpan(row * n, n);
            UpdateRowWise(values, gradients, WideSums.SumOfSquares(gradients), ref sums[row], learningRate);
        }
    }
}
