using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// The generated data as TorchSharp tensors, made once before any timed run (not counted, like the filling of
/// ML.NET's cache): the whole set (X: rows × inputs, Y: rows × 1, float32) for the shuffled loop, and its contiguous
/// mini-batches (row slices of X and Y, which are contiguous tensors themselves) for the plain loop.
/// </summary>
internal sealed class TorchData : IDisposable
{
    public TorchData(SyntheticData data, int batch)
    {
        using var noGrad = torch.no_grad();
        X = torch.tensor(data.Features, [data.Rows, data.Columns]);
        Y = torch.tensor(data.Labels, [data.Rows, 1]);
        int batches = data.Rows / batch;
        BatchX = new Tensor[batches];
        BatchY = new Tensor[batches];
        for (int b = 0; b < batches; b++)
        {
            BatchX[b] = X.narrow(0, (long)b * batch, batch);
            BatchY[b] = Y.narrow(0, (long)b * batch, batch);
            if (!BatchX[b].is_contiguous() || !BatchY[b].is_contiguous()) throw new InvalidOperationException("A batch slice is not contiguous.");
        }
    }

    public Tensor X { get; }
    public Tensor Y { get; }
    public Tensor[] BatchX { get; }
    public Tensor[] BatchY { get; }

    public void Dispose()
    {
        foreach (var t in BatchX.Concat(BatchY)) t.Dispose();
        X.Dispose();
        Y.Dispose();
    }
}
