using MLNet.Backprop.Network.Inputs;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Workers;

/// <summary>
/// The bits a machine produces for a fixed probe: one micro-batch of generated rows through the job's network at
/// generated weights, with dropout, and the .NET version. Machines whose kernels round differently (another runtime,
/// C library or processor family) give another hash, and would break the guarantee, so the coordinator admits only
/// workers whose hash equals its own.
/// </summary>
/// <remarks>The SIMD width is not part of it: training is the same bits with AVX-512, AVX2 or SSE (the kernels follow the
/// 512-bit order on narrower vectors, see <see cref="WideSums"/>; the fingerprint tool and <c>VectorWidthTests</c> compare the
/// widths), so an AVX2 worker may join an AVX-512 coordinator. The probe's gradient bits still turn away a machine that
/// rounds any of its operations differently.</remarks>
internal static class NumericsFingerprint
{
    private const int ProbeRows = 24;

    public static string Of(JobSpec job)
    {
        var network = DistributedJob.Network(job);
        ulong key = CounterRandom.Key(job.Seed, CounterRandom.ProbePurpose);
        var weights = new float[network.ParameterCount];
        for (int i = 0; i < weights.Length; i++) weights[i] = CounterRandom.Uniform(key, (ulong)i) - 0.5f;
        var loss = LossFunctions.Create(new LossSpec(job.Loss, job.LossParameter));
        IRowSource rows = new ProbeRowSource(network.Input.Shape, loss.TargetWidth(network.OutputSize), network.OutputSize, job.Loss, key);
        // The probe's rows go through the job's maps as the training rows do: a worker that does not apply them (a build
        // before they were sent) gives another hash and is turned away rather than train on other rows.
        if (DistributedJob.Map(job) is { } map) rows = new StandardizedRows(rows, map);
        var computer = new MicroBatchComputer(network, loss, rows, ProbeRows, unitStatistics: true);
        computer.LoadWeights(weights);
        var sum = computer.Compute(Enumerable.Range(0, ProbeRows).ToArray(), new CounterDropout(job.Seed, 0, 0), GradientBuffer.Fresh(weights.Length));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(sum.Gradient.AsSpan()));
        hash.AppendData(BitConverter.GetBytes(sum.Loss));
        hash.AppendData(MemoryMarshal.AsBytes(sum.Activity.EverActive.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16] + $"/{Environment.Version}";
    }

    /// <summary>Generated rows: uniform features (dense, or a few slots of a sparse block) and targets valid for the loss.</summary>
    private sealed class ProbeRowSource(InputShape shape, int width, int outputs, LossFunction loss, ulong key) : IRowSource
    {
        /// <summary>Slots each probe row of a sparse block holds (at most).</summary>
        private const int SparseEntries = 8;

        private readonly int columns = shape.DenseWidth;

        public int RowCount => ProbeRows;

        public InputShape Inputs => shape;

        public int TargetWidth => width;

        public bool HasWeights => false;

        public void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights)
        {
            Span<float> features = inputs.Dense;
            int slots = shape.SparseWidth, entries = Math.Min(SparseEntries, slots);
            if (slots > 0)
            {
                inputs.EnsureSparse(rows.Length * entries, keep: 0);
                inputs.SparseOffsets[0] = 0;
            }
            for (int b = 0; b < rows.Length; b++)
            {
                for (int c = 0; c < columns; c++) features[b * columns + c] = 4f * CounterRandom.Uniform(key, (ulong)(rows[b] * columns + c)) - 2f;
                // Sparse rows: slots spread evenly from a drawn start, increasing.
                for (int e = 0; e < entries; e++)
                {
                    int start = (int)(CounterRandom.Uniform(key ^ 2, (ulong)rows[b]) * (slots / entries));
                    inputs.SparseIndices[b * entries + e] = start + e * (slots / entries);
                    inputs.SparseValues[b * entries + e] = 4f * CounterRandom.Uniform(key ^ 3, (ulong)(rows[b] * entries + e)) - 2f;
                }
                if (slots > 0) inputs.SparseOffsets[b + 1] = (b + 1) * entries;
                // Keys 0 (unknown) and 1: every table has both rows, and two probe rows sharing a row add into it.
                for (int k = 0; k < shape.KeyColumns; k++) inputs.Keys[b * shape.KeyColumns + k] = (rows[b] + k) % 2;
                for (int t = 0; t < width; t++)
                {
                    float u = CounterRandom.Uniform(key ^ 1, (ulong)(rows[b] * width + t));
                    targets[b * width + t] = loss switch
                    {
                        LossFunction.BinaryCrossEntropy or LossFunction.BinaryFocal => u < 0.5f ? 0f : 1f,
                        LossFunction.SoftmaxCrossEntropy or LossFunction.SoftmaxFocal => MathF.Floor(u * outputs),
                        _ => 2f * u - 1f,
                    };
                }
            }
        }
    }
}
