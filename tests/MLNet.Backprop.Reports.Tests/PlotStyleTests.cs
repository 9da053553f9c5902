namespace MLNet.Backprop.Reports.Tests;

public class PlotStyleTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void LayerColorAndRunColor_NegativeIndex_ThrowArgumentOutOfRangeNamingIt(int index)
    {
        // Before: an IndexOutOfRangeException from inside ScottPlot's palette.
        var layer = Should.Throw<ArgumentOutOfRangeException>(() => PlotStyle.LayerColor(index));
        layer.ParamName.ShouldBe("layer");
        layer.Message.ShouldContain($"got {index}");
        Should.Throw<ArgumentOutOfRangeException>(() => PlotStyle.RunColor(index)).ParamName.ShouldBe("index");
    }

    [Fact]
    public void LayerColor_BeyondThePalette_Cycles()
    {
        PlotStyle.LayerColor(10).ShouldBe(PlotStyle.LayerColor(0));
        PlotStyle.RunColor(12).ShouldBe(PlotStyle.RunColor(2));
    }
}
