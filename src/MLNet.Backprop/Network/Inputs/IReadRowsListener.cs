namespace MLNet.Backprop.Network.Inputs;

/// <summary>Told which rows of a matrix that lists its touched rows (<see cref="Parameter.Touched"/>) a forward pass is
/// about to read (<see cref="InputStage.ListReadRows"/>): the optimizer brings rows that skipped steps up to date first.</summary>
internal interface IReadRowsListener
{
    /// <summary>Rows <paramref name="firstRow"/> + each of <paramref name="rows"/> of <paramref name="matrix"/> will be
    /// read (a row may be listed more than once).</summary>
    void Read(Parameter matrix, ReadOnlySpan<int> rows, int firstRow);
}
