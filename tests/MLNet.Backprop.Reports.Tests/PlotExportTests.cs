using ScottPlot;

namespace MLNet.Backprop.Reports.Tests;

public sealed class PlotExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("plot-export").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

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

    [Fact]
    public void SavePng_PathIsADirectory_ThrowsSayingItIsADirectory()
    {
        // Before: IOException "Is a directory" after the plot was rendered (SaveSvg with a trailing separator:
        // DirectoryNotFoundException "Could not find a part of the path").
        Should.Throw<IOException>(() => PlotExport.SavePng(Line(), _directory)).Message
            .ShouldBe($"Cannot write the plot to '{_directory}': it is a directory; name a .png file in it.");
        string sub = Path.Combine(_directory, "sub") + Path.DirectorySeparatorChar;
        Should.Throw<IOException>(() => PlotExport.SaveSvg(Line(), sub)).Message.ShouldContain("it is a directory; name a .svg file in it.");
        Directory.GetFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void SaveAll_FolderThatCannotBeCreated_ThrowsNamingTheFolder()
    {
        // /proc takes no new folder, root included. Before: FileNotFoundException "Could not find file '/proc/audit-plots'".
        var history = new TrainedRun().Model.History;

        var e = Should.Throw<IOException>(() => TrainingPlots.SaveAll(history, "/proc/audit-plots"));

        e.Message.ShouldStartWith("Cannot write the plot to '/proc/audit-plots/loss.png': its folder '/proc/audit-plots' cannot be created (");
    }

    [Fact]
    public void SavePngAndSaveAll_FolderIsAFile_ThrowNamingTheFileAndLeaveItAlone()
    {
        // Before: IOException "The file '…/notes' already exists.", which reads as a refusal to overwrite.
        string file = Path.Combine(_directory, "notes");
        File.WriteAllText(file, "kept");
        Should.Throw<IOException>(() => PlotExport.SavePng(Line(), Path.Combine(file, "loss.png"))).Message
            .ShouldBe($"Cannot write the plot to '{Path.Combine(file, "loss.png")}': '{file}' is a file, not a folder.");
        var history = new TrainedRun().Model.History;
        Should.Throw<IOException>(() => TrainingPlots.SaveAll(history, file)).Message.ShouldContain($"'{file}' is a file, not a folder");
        File.ReadAllText(file).ShouldBe("kept");
    }
}
