using System.Text;
using MLNet.Backprop.Files;

namespace MLNet.Backprop.Tests.Files;

/// <summary>A file written by <see cref="AtomicFile"/> (model files, ONNX exports, the history's files, reports and plots) replaces an existing
/// one whole or not at all.</summary>
public class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atomic-file").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_FailsHalfWayOverAnExistingFile_LeavesItIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "report.html");
        File.WriteAllText(path, "the previous report");
        var ex = Should.Throw<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("<!DOCTYPE html> half of a re"));
            throw new IOException("No space left on device");
        }));
        ex.Message.ShouldBe("No space left on device");
        File.ReadAllText(path).ShouldBe("the previous report");
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [Fact]
    public void Write_DirectoryThatTakesNoNewFile_ThrowsNamingTheTargetBeforeWriting()
    {
        // /proc exists and is a directory, but no process may create a file in it (root included): what a read-only or
        // foreign directory does. Before: FileNotFoundException "Could not find file '/proc/.model.zip.<guid>.tmp'", a
        // name the caller never gave.
        const string target = "/proc/model.zip";
        bool wrote = false;

        var e = Should.Throw<Exception>(() => AtomicFile.Write(target, _ => wrote = true));

        (e is IOException or UnauthorizedAccessException).ShouldBeTrue(e.GetType().Name);
        e.Message.ShouldStartWith($"Cannot write '{target}': no new file can be created in its directory '/proc'");
        wrote.ShouldBeFalse();
    }

    [Fact]
    public void Write_NewFile_WritesItAndNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "plot.svg");
        AtomicFile.Write(path, stream => stream.Write("<svg/>"u8));
        File.ReadAllText(path).ShouldBe("<svg/>");
        Directory.GetFiles(_directory).ShouldBe([path]);
    }
}
