using MLNet.Backprop.Quality.Targets;

namespace MLNet.Backprop.Quality.Tests;

public class PythonFixedTests
{
    [Theory]
    [InlineData(2.125, 2, "2.12")] // an exact half (a mean rank over 8 sets) rounds to even
    [InlineData(2.375, 2, "2.38")]
    [InlineData(0.5, 0, "0")]
    [InlineData(1.5, 0, "2")]
    [InlineData(1.005, 2, "1.00")] // 1.005 is 1.00499999999999989... in binary
    [InlineData(0.8476543, 4, "0.8477")]
    [InlineData(-0.00001, 4, "-0.0000")]
    [InlineData(-0.0, 4, "-0.0000")]
    [InlineData(0.0, 4, "0.0000")]
    [InlineData(12345678.9, 1, "12345678.9")]
    [InlineData(1e22, 2, "10000000000000000000000.00")]
    [InlineData(5e-324, 4, "0.0000")]
    [InlineData(double.NaN, 4, "nan")]
    [InlineData(double.PositiveInfinity, 3, "inf")]
    [InlineData(double.NegativeInfinity, 3, "-inf")]
    public void Format_Value_AsPythonWritesIt(double value, int decimals, string expected) => PythonFixed.Format(value, decimals).ShouldBe(expected);

    [Fact]
    public void Format_Width_PaddedLeft() => PythonFixed.Format(double.NaN, 4, 10).ShouldBe("       nan");
}
