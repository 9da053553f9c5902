namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// A GEMM implementation whose rate the GEMM reference table shows, one column per backend and thread count.
/// </summary>
/// <remarks>
/// Extension point: this library's GEMM is internal (<c>MLNet.Backprop.Numerics.Gemm</c>); a backend for it belongs in a
/// project that sees internals (or here once it is public), added to the list in <see cref="GemmReference.Backends"/>.
/// It must perform the same product as <see cref="GemmProduct"/> describes, including its transposes.
/// </remarks>
internal interface IGemmBackend : IDisposable
{
    /// <summary>Column title.</summary>
    string Name { get; }

    /// <summary>Allocates random operands for <paramref name="product"/> (untimed).</summary>
    void Prepare(GemmProduct product);

    /// <summary>One product of the prepared operands with <paramref name="threads"/> threads.</summary>
    void Multiply(int threads);
}
