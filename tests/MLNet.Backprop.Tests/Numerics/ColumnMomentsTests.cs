using MLNet.Backprop.Numerics;
using static MLNet.Backprop.Tests.TestSupport.KernelData;

namespace MLNet.Backprop.Tests.Numerics;

public class ColumnMomentsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(45)]
    [InlineData(784)]
    public void Add_SeveralRows_EqualsTheScalarSumsBitForBit(int columns)
    {
        var sums = new double[columns];
        var squares = new double[columns];
        var expectedSums = new double[columns];
        var expectedSquares = new double[columns];
        for (int r = 0; r < 5; r++)
        {
            var row = Values(columns, seed: 31 * columns + r);
            ColumnMoments.Add(row, sums, squares);
            for (int c = 0; c < columns; c++)
            {
                double v = row[c];
                expectedSums[c] += v;
                expectedSquares[c] += v * v;
            }
        }
        sums.Select(BitConverter.DoubleToInt64Bits).ShouldBe(expectedSums.Select(BitConverter.DoubleToInt64Bits));
        squares.Select(BitConverter.DoubleToInt64Bits).ShouldBe(expectedSquares.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Add_ShortSums_Throws() => Should.Throw<ArgumentException>(() => ColumnMoments.Add(new float[5], new double[4], new double[5]));
}
