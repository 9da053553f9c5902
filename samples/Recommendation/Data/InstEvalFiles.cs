using Microsoft.ML;

namespace Recommendation.Data;

/// <summary>The repository's shared copy of InstEval (../shared/data/sparse, beside the clone), with its fixed split.</summary>
public static class InstEvalFiles
{
    private const string Folder = "shared/data/sparse";

    /// <summary>The folder holding insteval_train.csv and insteval_test.csv: <paramref name="explicitFolder"/>, or
    /// shared/data/sparse found by walking up from the current directory and from the app's folder.</summary>
    /// <exception cref="FileNotFoundException">Neither place has the files (the message says where it looked).</exception>
    public static string Locate(string? explicitFolder = null)
    {
        if (explicitFolder is not null)
            return File.Exists(Path.Combine(explicitFolder, "insteval_train.csv")) ? explicitFolder
                : throw new FileNotFoundException($"'{explicitFolder}' has no insteval_train.csv.");
        var tried = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Folder);
                if (File.Exists(Path.Combine(candidate, "insteval_train.csv"))) return candidate;
                tried.Add(candidate);
            }
        }
        throw new FileNotFoundException("InstEval not found: the sample reads shared/data/sparse/insteval_train.csv and insteval_test.csv beside " +
            $"the repository (looked in {tried.Count} places from {Directory.GetCurrentDirectory()} up). Pass --data FOLDER to point at them.");
    }

    /// <summary>The training and test rows, read with quoting (the ids are quoted).</summary>
    public static (IDataView Train, IDataView Test) Load(MLContext ml, string folder)
    {
        IDataView Read(string file) => ml.Data.LoadFromTextFile<Rating>(Path.Combine(folder, file), separatorChar: ',', hasHeader: true, allowQuoting: true);
        return (Read("insteval_train.csv"), Read("insteval_test.csv"));
    }
}
