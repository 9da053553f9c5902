namespace MLNet.Backprop.Documentation.Tests;

/// <summary>Changelogs written by a test, each in its own file of a temporary folder that is deleted with this object;
/// the packages' build reads one instead of src/CHANGELOG.md when given <c>ChangelogFile=</c> its path.</summary>
internal sealed class ChangelogFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlnet-changelog-").FullName;

    /// <summary>Writes <paramref name="changelog"/> to a new file; its path.</summary>
    public string Write(string changelog)
    {
        string file = Path.Combine(_directory, $"CHANGELOG-{Guid.NewGuid():N}.md");
        File.WriteAllText(file, changelog);
        return file;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
