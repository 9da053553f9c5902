using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// <c>torch.mm</c> on float32 operands in the product's storage layout (a transposed operand is passed as the
/// <c>.t()</c> view of its stored matrix, as autograd does for a Linear layer's gradients). Each call allocates its
/// result tensor, as the products of a training step do.
/// </summary>
internal sealed class TorchGemm : IGemmBackend
{
    private Tensor? _a, _b, _opA, _opB;

    public string Name => "TorchSharp torch.mm";

    public void Prepare(GemmProduct product)
    {
        Release();
        using var noGrad = torch.no_grad();
        _a = product.TransposeA ? Uniform(product.K, product.M) : Uniform(product.M, product.K);
        _b = product.TransposeB ? Uniform(product.N, product.K) : Uniform(product.K, product.N);
        _opA = product.TransposeA ? _a.t() : _a.alias();
        _opB = product.TransposeB ? _b.t() : _b.alias();
    }

    public void Multiply(int threads)
    {
        TorchRuntime.SetThreads(threads);
        using var noGrad = torch.no_grad();
        using var c = torch.mm(_opA!, _opB!);
    }

    public void Dispose() => Release();

    private static Tensor Uniform(long rows, long columns)
    {
        var t = torch.rand(rows, columns);
        t.sub_(0.5);
        return t;
    }

    private void Release()
    {
        foreach (var t in new[] { _opA, _opB, _a, _b }) t?.Dispose();
        _a = _b = _opA = _opB = null;
    }
}
