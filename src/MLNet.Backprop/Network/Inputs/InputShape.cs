namespace MLNet.Backprop.Network.Inputs;

/// <summary>What one row of input carries, part by part: a dense block of values, a sparse block of slots (CSR), and a
/// key per categorical column. A batch (<see cref="InputBatch"/>) and a row view (<see cref="InputView"/>) have this shape.</summary>
/// <param name="DenseWidth">Values in the dense block (0 for none).</param>
/// <param name="SparseWidth">Slots of the sparse block (0 for none); a row holds any number of them, in increasing order.</param>
/// <param name="KeyColumns">Keys per row, one per categorical column (0 for none).</param>
internal sealed record InputShape(int DenseWidth, int SparseWidth = 0, int KeyColumns = 0)
{
    /// <summary>Rows of one dense block of <paramref name="width"/> values, nothing else.</summary>
    public static InputShape Dense(int width) => new(width);

    /// <summary>The rows <paramref name="parts"/> read: the dense block the parts reading it share (each reads all of it:
    /// two encodings of the same features side by side read one block), the sparse block, a key per embedding.</summary>
    public static InputShape Of(IEnumerable<InputPartDescription> parts)
    {
        var list = parts as IReadOnlyCollection<InputPartDescription> ?? [.. parts];
        return new(list.Where(p => p.ReadsDense).Select(p => p.Slots).DefaultIfEmpty(0).First(),
            list.Where(p => p.Kind == InputKind.Sparse).Sum(p => p.Slots), list.Count(p => InputParts.ReadsKey(p.Kind)));
    }

    public override string ToString() => string.Join(" + ", new[]
    {
        DenseWidth > 0 ? $"{DenseWidth} dense values" : null,
        SparseWidth > 0 ? $"a sparse block of {SparseWidth} slots" : null,
        KeyColumns > 0 ? $"{KeyColumns} categorical keys" : null,
    }.Where(p => p is not null).DefaultIfEmpty("no input"));
}
