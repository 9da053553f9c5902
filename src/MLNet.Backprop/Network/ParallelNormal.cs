using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// Normal initial weights on several threads, bit for bit the sequential draw: the uniforms are taken from the
/// generator in the sequential order on the calling thread (cheap), and only the Box–Muller transforms (a logarithm, a
/// cosine and a square root in double precision, ~30 ns per weight, most of a large network's setup) are shared out;
/// each weight's value depends on its own two uniforms only.
/// </summary>
internal static unsafe class ParallelNormal
{
    /// <summary>Weights below which one thread is quicker than waking another.</summary>
    public const int MinLength = 1 << 14;

    /// <summary>Weights whose uniforms are drawn before their transforms are shared out (256 KiB of uniforms).</summary>
    private const int Chunk = 1 << 14;

    public static void Fill(Span<float> w, double std, Rng rng, int threads)
    {
        var uniforms = new double[2 * Math.Min(Chunk, w.Length)];
        var job = new Transforms();
        int parts = Math.Min(threads, Environment.ProcessorCount);
        fixed (float* weights = w)
        fixed (double* u = uniforms)
        {
            for (int start = 0; start < w.Length; start += Chunk)
            {
                int count = Math.Min(Chunk, w.Length - start);
                for (int i = 0; i < count; i++)
                {
                    uniforms[2 * i] = 1.0 - rng.NextDouble(); // the order of Rng.NextGaussian
                    uniforms[2 * i + 1] = rng.NextDouble();
                }
                job.Set(weights + start, u, count, std, parts);
                if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
            }
        }
    }

    private sealed class Transforms : ParallelWork
    {
        private float* _w;
        private double* _u;
        private int _count, _parts;
        private double _std;

        public void Set(float* w, double* u, int count, double std, int parts)
        {
            _w = w;
            _u = u;
            _count = count;
            _std = std;
            _parts = parts;
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_count, part, _parts);
            for (int i = begin; i < end; i++) _w[i] = (float)(_std * Rng.Gaussian(_u[2 * i], _u[2 * i + 1]));
        }
    }
}
