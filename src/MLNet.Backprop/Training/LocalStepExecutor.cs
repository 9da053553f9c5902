using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Training;

/// <summary>
/// The single-process micro-batch mode: a step's micro-batches split into contiguous blocks, one per thread, each block
/// reduced as far as the tree allows inside it, the rest on the calling thread: exactly what a cluster of that many
/// workers does, so the bits do not depend on the thread count.
/// </summary>
internal sealed class LocalStepExecutor : IStepExecutor
{
    private readonly MicroBatchComputer[] _computers;
    private readonly EpochOrder _order;
    private readonly ulong _seed;
    private readonly int _parameters;
    private readonly ConcurrentBag<GradientBuffer> _vectors = [];

    public LocalStepExecutor(NeuralNetwork network, ILossFunction loss, IRowSource rows, MicroBatchPlan plan, ulong seed, bool shuffle,
        int threads, bool unitStatistics)
    {
        Plan = plan;
        _seed = seed;
        _order = new EpochOrder(rows.RowCount, seed, shuffle);
        _parameters = network.ParameterCount;
        int parts = Math.Max(1, Math.Min(threads, plan.MicroBatchesPerStep));
        _computers = Enumerable.Range(0, parts).Select(_ => new MicroBatchComputer(network, loss, rows, plan.MicroBatchSize, unitStatistics)).ToArray();
    }

    public MicroBatchPlan Plan { get; }

    public GradientSum Compute(StepCoordinates at, float[] weights, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int[] order = _order.Of(at.Epoch);
        var blocks = MicroBatchBlock.Split(0, Plan.MicroBatchesPerStep, _computers.Length).ToArray();
        var results = new List<(int Lo, int Hi, GradientSum Sum)>[blocks.Length];
        void Run(int b)
        {
            _computers[b].LoadWeights(weights);
            results[b] = MicroBatchBlock.Compute(_computers[b], Plan, order, at, _seed, blocks[b].Lo, blocks[b].Hi, Rent, Return);
        }

        if (blocks.Length == 1) Run(0);
        else
        {
            try
            {
                Parallel.For(0, blocks.Length, new ParallelOptions { MaxDegreeOfParallelism = blocks.Length }, Run);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }
        var nodes = results.SelectMany(r => r).ToDictionary(n => (n.Lo, n.Hi), n => n.Sum);
        return MicroBatchBlock.Reduce(Plan, nodes, Return);
    }

    /// <summary>Gives back the root's buffer once the step has used it.</summary>
    public void Release(GradientSum root) => Return(root);

    // A vector comes back with the rows of its sparse block it may hold non-zero, so a leaf clears those only.
    private void Return(GradientSum sum) => _vectors.Add(GradientBuffer.Of(sum));

    private GradientBuffer Rent() => _vectors.TryTake(out var vector) ? vector : GradientBuffer.Fresh(_parameters);
}
