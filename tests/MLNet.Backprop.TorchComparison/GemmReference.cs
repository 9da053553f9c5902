using System.Diagnostics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>GFLOP/s of every backend on the large shapes' products: best of several rounds of back-to-back calls.</summary>
internal static class GemmReference
{
    /// <summary>The backends measured: ours and TorchSharp's (see <see cref="IGemmBackend"/>).</summary>
    public static IReadOnlyList<IGemmBackend> Backends() => [new OursGemm(), new TorchGemm()];

    /// <summary>Rates in GFLOP/s, indexed [product][backend][thread count].</summary>
    public static double[][][] Measure(IReadOnlyList<GemmProduct> products, IReadOnlyList<IGemmBackend> backends, IReadOnlyList<int> threads, bool quick)
    {
        int rounds = quick ? 3 : 10;
        double roundSeconds = quick ? 0.005 : 0.02;
        var rates = new double[products.Count][][];
        for (int p = 0; p < products.Count; p++)
        {
            rates[p] = new double[backends.Count][];
            for (int b = 0; b < backends.Count; b++)
            {
                var backend = backends[b];
                backend.Prepare(products[p]);
                rates[p][b] = new double[threads.Count];
                for (int t = 0; t < threads.Count; t++)
                {
                    for (int i = 0; i < 3; i++) backend.Multiply(threads[t]);
                    long probe = Stopwatch.GetTimestamp();
                    backend.Multiply(threads[t]);
                    double once = Math.Max(1e-7, Stopwatch.GetElapsedTime(probe).TotalSeconds);
                    int calls = Math.Max(2, (int)(roundSeconds / once));
                    double best = double.MaxValue;
                    for (int round = 0; round < rounds; round++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        for (int i = 0; i < calls; i++) backend.Multiply(threads[t]);
                        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / calls);
                    }
                    rates[p][b][t] = products[p].Flops / best / 1e9;
                }
            }
        }
        return rates;
    }
}
