using ScottPlot;

namespace MLNet.Backprop.Reports.Tests;

public class PlotExportTests
{
    private static Plot Line()
    {
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 3, 1, 2 });
        return plot;
    }

    [Fact]
    public void ToSvgAndToPng_MorePixelsThanAnImageHolds_ThrowNamingTheSize()
    {
        // Before: a NullReferenceException ("invalid SKImageInfo") from inside ScottPlot, even for an SVG.
        var svg = Should.Throw<ArgumentOutOfRangeException>(() => PlotExport.ToSvg(Line(), 23171, 23171));
        svg.ParamName.ShouldBe("width");
        svg.Message.ShouldContain("23171 × 23171");
        svg.Message.ShouldContain("536,870,911");
        Should.Throw<ArgumentOutOfRangeException>(() => PlotExport.ToPng(Line(), 1_000_000, 1_000_000)).ParamName.ShouldBe("width");
    }

    [Fact]
    public void ToSvg_WideButWithinThePixelLimit_Renders()
    {
        PlotExport.ToSvg(Line(), 100_000, 16).ShouldContain("<svg");
    }
}
