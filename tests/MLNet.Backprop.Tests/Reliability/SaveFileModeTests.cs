using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Saving over an existing model file replaces its content atomically but keeps its permissions: a file made
/// private (0600) or read-only (0400) does not become world-readable 0644 through the temporary file and rename.</summary>
public class SaveFileModeTests
{
    [UnixTheory]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    [InlineData(UnixFileMode.UserRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    public void SaveBackprop_OverExistingFile_KeepsItsMode(UnixFileMode mode)
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 50, 1);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 }).Fit(data);
        string directory = Path.Combine(Path.GetTempPath(), $"save-mode-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "model.zip");
        try
        {
            File.WriteAllText(path, "old");
            File.SetUnixFileMode(path, mode);

            ml.Model.SaveBackprop(model, data.Schema, path);

            File.GetUnixFileMode(path).ShouldBe(mode);
            Should.NotThrow(() => ml.Model.LoadBackprop(path, out _));
            Directory.GetFiles(directory).ShouldBe([path]);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
