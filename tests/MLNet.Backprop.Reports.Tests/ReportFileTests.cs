using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Reports.Tests;

/// <summary>A report or plot written over an existing file replaces it whole (a temporary file beside it, then a
/// rename, by the core's AtomicFile, whose failing write is tested in AtomicFileTests): a write that fails half-way leaves
/// the old file as it was. Before, <c>File.WriteAllText</c> and
/// <c>File.WriteAllBytes</c> truncated the existing file first, so a full disk or a cancelled write left it cut short.</summary>
public class ReportFileTests(TrainedRun run) : IClassFixture<TrainedRun>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("report-file").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void HtmlReportSave_OverAnExistingFile_ReplacesItInsteadOfRewritingItInPlace()
    {
        string path = Path.Combine(_directory, "report.html");
        File.WriteAllText(path, "the previous report");
        // A reader holding the old file sees it unchanged only if the new report is a new file renamed over it: written
        // in place (the old way), the reader's file is the one truncated and rewritten.
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        HtmlReport.Write(path, run.Model, run.Options, run.Metrics);
        new StreamReader(reader).ReadToEnd().ShouldBe("the previous report");
        File.ReadAllText(path).ShouldStartWith("<!DOCTYPE html>");
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("svg")]
    public void PlotExportSave_OverAnExistingFile_ReplacesItInsteadOfRewritingItInPlace(string format)
    {
        string path = Path.Combine(_directory, "loss." + format);
        File.WriteAllText(path, "the previous plot");
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var plot = TrainingPlots.LossCurves(run.Model.History);
        if (format == "png") PlotExport.SavePng(plot, path);
        else PlotExport.SaveSvg(plot, path);
        new StreamReader(reader).ReadToEnd().ShouldBe("the previous plot");
        File.ReadAllBytes(path).Length.ShouldBeGreaterThan(1000);
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    [UnixTheory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    public void Save_OverAnExistingFile_KeepsItsMode(UnixFileMode mode)
    {
        string path = Path.Combine(_directory, "report.html");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, mode);
        HtmlReport.Save(path, "<!DOCTYPE html>");
        File.GetUnixFileMode(path).ShouldBe(mode);
        File.ReadAllText(path).ShouldBe("<!DOCTYPE html>");
    }
}
