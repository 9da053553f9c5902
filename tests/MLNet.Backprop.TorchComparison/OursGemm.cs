using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// This library's GEMM (<c>MLNet.Backprop.Numerics.Gemm.Multiply</c>, the call every layer makes) on random float32
/// operands in the product's storage layout, writing into a preallocated result as the training step does.
/// </summary>
internal sealed class OursGemm : IGemmBackend
{
    private Operands? _operands;

    public string Name => "ours Gemm.Multiply";

    public void Prepare(GemmProduct product) => _operands = new Operands(product, seed: 1);

    public void Multiply(int threads) => _operands!.Multiply(threads);

    public void Dispose() => _operands = null;

    /// <summary>A, B and C of one product, uniform in [-0.5, 0.5).</summary>
    internal sealed class Operands
    {
        private readonly GemmProduct _product;
        private readonly float[] _a, _b, _c;

        public Operands(GemmProduct product, int seed)
        {
            _product = product;
            var random = new Random(seed);
            _a = Uniform(random, (long)product.M * product.K);
            _b = Uniform(random, (long)product.K * product.N);
            _c = new float[(long)product.M * product.N];
        }

        public void Multiply(int threads) =>
            Gemm.Multiply(_a, _product.TransposeA, _b, _product.TransposeB, _c, _product.M, _product.N, _product.K, accumulate: false, threads);

        private static float[] Uniform(Random random, long length)
        {
            var values = new float[length];
            for (long i = 0; i < length; i++) values[i] = random.NextSingle() - 0.5f;
            return values;
        }
    }
}
