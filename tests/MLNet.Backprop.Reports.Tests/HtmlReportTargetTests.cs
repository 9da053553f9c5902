namespace MLNet.Backprop.Reports.Tests;

/// <summary>A report path that cannot be a file is refused naming it, before the report is built: .NET's own errors
/// said "access denied" for a directory and "file already exists" for a folder that is a file.</summary>
public class HtmlReportTargetTests(TrainedRun run) : IClassFixture<TrainedRun>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("html-report-target").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_PathIsADirectory_ThrowsSayingItIsADirectory()
    {
        var e = Should.Throw<IOException>(() => HtmlReport.Write(_directory, run.Model, run.Options, run.Metrics));
        e.Message.ShouldContain($"'{_directory}': it is a directory");
        Directory.GetFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void Save_PathEndsWithASeparator_ThrowsSayingItIsADirectory()
    {
        string path = Path.Combine(_directory, "reports") + Path.DirectorySeparatorChar;
        Should.Throw<IOException>(() => HtmlReport.Save(path, "<html></html>")).Message.ShouldContain("it is a directory");
        Directory.GetFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void Write_FolderIsAFile_ThrowsNamingTheFileAndLeavesItAlone()
    {
        string file = Path.Combine(_directory, "notes");
        File.WriteAllText(file, "kept");
        string path = Path.Combine(file, "sub", "report.html");
        var e = Should.Throw<IOException>(() => HtmlReport.Write(path, run.Model, run.Options, run.Metrics));
        e.Message.ShouldContain($"'{file}' is a file, not a folder");
        File.ReadAllText(file).ShouldBe("kept");
    }

    [Fact]
    public void Write_MissingFolder_CreatesItAndWrites()
    {
        string path = Path.Combine(_directory, "new", "report.html");
        HtmlReport.Write(path, run.Model, run.Options, run.Metrics).ShouldBe(path);
        File.ReadAllText(path).ShouldStartWith("<!DOCTYPE html>");
    }
}
