using Microsoft.ML;

namespace Recommendation.Data;

/// <summary>The repository's shared copy of InstEval (../shared/data/sparse, beside the clone), with its fixed split.</summary>
public static class InstEvalFiles
{
    private const string Folder = "shared/data/sparse";

    /// <summary>The folder holding insteval_train.csv and insteval_test.csv: <paramref name="explicitFolder"/>, or
    /// shared/data/sparse found by walking up from the current directory and from the app's folder.</summary>
    /// <exception cref="FileNotFoundException">Neither place has the files (the message says where it looked).</exception>
    /// <exception cref="InvalidDataException">A file of the folder holds no rating below its header.</exception>
    public static string Locate(string? explicitFolder = null)
    {
        if (explicitFolder is not null) return WithRatings(explicitFolder);
        var tried = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Folder);
                if (File.Exists(Path.Combine(candidate, "insteval_train.csv"))) return WithRatings(candidate);
                tried.Add(candidate);
            }
        }
        throw new FileNotFoundException("InstEval not found: the sample reads shared/data/sparse/insteval_train.csv and insteval_test.csv beside " +
            $"the repository (looked in {tried.Count} places from {Directory.GetCurrentDirectory()} up). Pass --data FOLDER to point at them.");
    }

    /// <summary><paramref name="folder"/>, once both files exist and hold a rating below their header: ML.NET's regression
    /// evaluator gives RMSE and MAE 0, a perfect score, for no test rows.</summary>
    private static string WithRatings(string folder)
    {
        foreach (string file in new[] { "insteval_train.csv", "insteval_test.csv" })
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"'{folder}' has no {file}.");
            if (!File.ReadLines(path).Skip(1).Any(line => line.Trim().Length > 0))
                throw new InvalidDataException($"{path} holds no rating below its header: the sample's {(file.Contains("test") ? "test errors are" : "models are")} undefined without rows.");
        }
        return folder;
    }

    /// <summary>The training and test rows, read with quoting (the ids are quoted).</summary>
    public static (IDataView Train, IDataView Test) Load(MLContext ml, string folder)
    {
        IDataView Read(string file) => ml.Data.LoadFromTextFile<Rating>(Path.Combine(folder, file), separatorChar: ',', hasHeader: true, allowQuoting: true);
        return (Read("insteval_train.csv"), Read("insteval_test.csv"));
    }
}
