using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Where a step is: the 0-based epoch, the step in it, and the global step number (which keys dropout).</summary>
internal readonly record struct StepCoordinates(int Epoch, int StepInEpoch, long Step);

/// <summary>
/// A block [lo, hi) of a step's micro-batches computed and reduced as far as the tree allows inside it: the unit of work
/// of a thread in the single-process micro-batch mode and of a worker in the distributed one.
/// </summary>
internal static class MicroBatchBlock
{
    /// <summary>The maximal tree nodes of [lo, hi) (<see cref="ReductionTree.Cover"/>), each reduced from its leaves.</summary>
    /// <param name="computer">Computes the leaves; its weights must be set.</param>
    /// <param name="plan">The epoch's cut into steps and micro-batches.</param>
    /// <param name="order">The epoch's row order (<see cref="EpochOrder"/>).</param>
    /// <param name="at">The step.</param>
    /// <param name="seed">The training seed (dropout keys).</param>
    /// <param name="lo">First micro-batch of the block.</param>
    /// <param name="hi">One past its last micro-batch.</param>
    /// <param name="newVector">Supplies a gradient buffer per leaf.</param>
    /// <param name="release">Takes back each right operand once it is added (or null): its vector may be reused.</param>
    public static List<(int Lo, int Hi, GradientSum Sum)> Compute(MicroBatchComputer computer, MicroBatchPlan plan, int[] order, StepCoordinates at,
        ulong seed, int lo, int hi, Func<GradientBuffer> newVector, Action<GradientSum>? release = null)
    {
        var leaves = new Dictionary<(int Lo, int Hi), GradientSum>();
        for (int j = lo; j < hi; j++)
        {
            var (start, count) = plan.Positions(at.StepInEpoch, j);
            var dropout = new CounterDropout(seed, at.Step, j * plan.MicroBatchSize);
            leaves[(j, j + 1)] = computer.Compute(order.AsSpan(start, count), dropout, newVector());
        }
        var nodes = new List<(int, int, GradientSum)>();
        foreach (var (a, b) in ReductionTree.Cover(lo, hi, plan.MicroBatchesPerStep))
            nodes.Add((a, b, ReductionTree.Reduce(a, b, leaves, (left, right) => Add(left, right, release))));
        return nodes;
    }

    /// <summary>The root of a step from its nodes, adding in the tree's order.</summary>
    public static GradientSum Reduce(MicroBatchPlan plan, IReadOnlyDictionary<(int Lo, int Hi), GradientSum> nodes, Action<GradientSum>? release = null) =>
        ReductionTree.Reduce(0, plan.MicroBatchesPerStep, nodes, (left, right) => Add(left, right, release));

    /// <summary>[lo, hi) in <paramref name="parts"/> contiguous, nearly equal blocks (empty ones left out).</summary>
    public static IEnumerable<(int Lo, int Hi)> Split(int lo, int hi, int parts)
    {
        for (int i = 0; i < parts; i++)
        {
            int a = lo + (int)((long)(hi - lo) * i / parts), b = lo + (int)((long)(hi - lo) * (i + 1) / parts);
            if (b > a) yield return (a, b);
        }
    }

    private static GradientSum Add(GradientSum left, GradientSum right, Action<GradientSum>? release)
    {
        left.Add(right);
        release?.Invoke(right);
        return left;
    }
}

/// <summary>The row order of each epoch in the micro-batch mode: a pure function of (seed, epoch), or the data order
/// without shuffling; the last epoch's order is kept.</summary>
internal sealed class EpochOrder(int rows, ulong seed, bool shuffle)
{
    private int _epoch = -1;
    private int[] _order = [];

    /// <summary>The order of the 0-based <paramref name="epoch"/>.</summary>
    public int[] Of(int epoch)
    {
        if (epoch == _epoch) return _order;
        _order = shuffle ? CounterRandom.Permutation(rows, CounterRandom.Key(seed, CounterRandom.ShufflePurpose, (ulong)epoch)) : Enumerable.Range(0, rows).ToArray();
        _epoch = epoch;
        return _order;
    }
}
