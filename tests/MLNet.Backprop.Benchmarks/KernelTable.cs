using System.Diagnostics;
using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// `--kernels`: the non-GEMM passes of a step on one layer's worth of values, GB/s of the bytes each must move (best of
/// 15 rounds of ≥ 20 ms): whether they run at memory (or cache) bandwidth.
/// </summary>
internal static class KernelTable
{
    public static void Print()
    {
        Console.WriteLine($"{"pass",-56} {"values",10} {"1 thread",10} {"2 threads",10}  (GB/s of the bytes moved; µs per call at 1 thread)");
        foreach (var (rows, columns, batch) in new[] { (65_536, 45, 256), (16_384, 784, 256), (4_096, 784, 32) })
        {
            var data = Values(rows * columns, 3);
            var order = Enumerable.Range(0, rows).ToArray();
            new Rng(1).Shuffle(order);
            var batchRows = new float[batch * columns];
            int next = 0;
            ReadOnlySpan<int> Batch() { if (next + batch > rows) next = 0; next += batch; return order.AsSpan(next - batch, batch); }
            double bytes = 4.0 * batch * columns;
            string shape = $"{batch} of {rows:N0}×{columns}";
            Row($"gather rows, plain copies ({shape})", batch, bytes, _ =>
            {
                var picked = Batch();
                for (int b = 0; b < picked.Length; b++) data.AsSpan(picked[b] * columns, columns).CopyTo(batchRows.AsSpan(b * columns));
            });
            Row($"gather rows, RowGather ({shape})", batch, bytes, _ => RowGather.Copy(data, columns, Batch(), batchRows));
        }
        foreach (var (rows, units) in new[] { (256, 64), (256, 32), (64, 64), (256, 1024) })
        {
            var relu = Network.Activations.ActivationFunctions.Create(Activation.ReLU);
            var z = Values(rows * units, 4);
            var a = new float[rows * units];
            var delta = Values(rows * units, 5);
            var bias = Values(units, 6);
            var biasGradient = new float[units];
            Row($"ReLU forward: z += b, a = max(z, 0) ({rows}×{units})", rows * units, 12.0 * rows * units, _ => relu.Forward(z, bias, a, rows, units));
            Row($"ReLU backward: dz = da·[a > 0], db ({rows}×{units})", rows * units, 12.0 * rows * units, _ => relu.Backward(z, a, delta, biasGradient, rows, units));
        }
        foreach (int n in new[] { 2_048, 65_536, 1_048_576, 1_854_465 })
        {
            var a = Values(n, 1);
            var b = Values(n, 2);
            Row("gradient norm: TensorPrimitives.SumOfSquares", n, 4.0 * n, _ => TensorPrimitives.SumOfSquares<float>(a));
            var p = new Parameter("w", n, isWeightMatrix: true);
            a.CopyTo(p.Values, 0);
            b.CopyTo(p.Gradients, 0);
            var adam = new Adam([p]);
            Row("Adam step (reads w g m v, writes w m v)", n, 28.0 * n, threads =>
            {
                adam.DegreeOfParallelism = threads;
                adam.Step(1e-6f);
            });
        }
    }

    private static void Row(string name, int n, double bytes, Action<int> pass)
    {
        string[] cells = new string[2];
        double once = 0;
        for (int threads = 1; threads <= 2; threads++)
        {
            // Long enough for the tiered JIT to have optimised the pass (call counting starts after 100 ms without new methods).
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 300) pass(threads);
            long probe = Stopwatch.GetTimestamp();
            pass(threads);
            int calls = Math.Max(3, (int)(0.02 / Math.Max(1e-7, Stopwatch.GetElapsedTime(probe).TotalSeconds)));
            double best = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) pass(threads);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / calls);
            }
            if (threads == 1) once = best;
            cells[threads - 1] = (bytes / best / 1e9).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }
        Console.WriteLine($"{name,-56} {n,10:N0} {cells[0],10} {cells[1],10}  ({once * 1e6:F1} µs)");
    }

    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (random.NextSingle() - 0.5f) * 1e-2f;
        return values;
    }
}
