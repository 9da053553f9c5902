namespace MLNet.Backprop.Quality.Reporting;

/// <summary>Where a run's folds.csv is, given the file or the run's output folder (as <c>--reuse</c> and <c>--from</c> take it).</summary>
public static class FoldsFile
{
    /// <summary>The file's name in an output folder.</summary>
    public const string Name = "folds.csv";

    /// <summary>The full path of <paramref name="fileOrFolder"/>'s folds.csv: the folder's <see cref="Name"/>, or the path itself.</summary>
    public static string Resolve(string fileOrFolder) =>
        Path.GetFullPath(Directory.Exists(fileOrFolder) ? Path.Combine(fileOrFolder, Name) : fileOrFolder);
}
