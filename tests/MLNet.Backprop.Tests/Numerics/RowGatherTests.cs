using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class RowGatherTests
{
    [Theory]
    [InlineData(1, 45, 256)]
    [InlineData(2, 45, 256)]
    [InlineData(3, 784, 33)]
    [InlineData(2, 3, 5)]
    public void Copy_AnyThreadCount_CopiesExactlyThePickedRows(int threads, int columns, int batch)
    {
        const int Rows = 1000;
        var source = Enumerable.Range(0, Rows * columns).Select(i => (float)i).ToArray();
        var picked = Enumerable.Range(0, batch).Select(b => (b * 379 + 11) % Rows).ToArray();
        var destination = new float[batch * columns + 7];
        destination.AsSpan(batch * columns).Fill(-1f);

        RowGather.Copy(source, columns, picked, destination, threads);

        for (int b = 0; b < batch; b++)
            destination.AsSpan(b * columns, columns).ToArray().ShouldBe(source.AsSpan(picked[b] * columns, columns).ToArray(), $"row {b}");
        destination.AsSpan(batch * columns).ToArray().ShouldAllBe(v => v == -1f); // nothing written past the batch
    }

    [Fact]
    public void Copy_ShortDestination_Throws() =>
        Should.Throw<ArgumentException>(() => RowGather.Copy(new float[30], 3, [1, 2], new float[5]));

    [Fact]
    public void Copy_RowOutsideTheSource_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => RowGather.Copy(new float[30], 3, [10], new float[3]));
}
