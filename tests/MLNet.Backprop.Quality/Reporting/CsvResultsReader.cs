using System.Globalization;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>Reads a <c>folds.csv</c> written by <see cref="CsvReport"/> back into fold results (for <c>--reuse</c>).</summary>
public static class CsvResultsReader
{
    /// <summary>The fold results in <paramref name="text"/>, in file order.</summary>
    /// <param name="text">A folds.csv, with the seed column or from before it.</param>
    /// <param name="seedOfFilesWithoutSeeds">The seed given to every row of a file from before the seed column: such a
    /// run had one seed, which it did not record (<c>--reuse</c> passes this run's, as it always assumed).</param>
    /// <exception cref="InvalidDataException">Not a folds.csv of this tool (the message names the line).</exception>
    public static List<FoldResult> Parse(string text, int seedOfFilesWithoutSeeds)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        bool withoutSeed = lines.Count > 0 && lines[0] == CsvReport.HeaderWithoutSeed;
        if (lines.Count == 0 || (lines[0] != CsvReport.Header && !withoutSeed))
            throw new InvalidDataException($"the first line must be '{CsvReport.Header}' (or, from before the seed column, '{CsvReport.HeaderWithoutSeed}').");
        var results = new List<FoldResult>();
        var index = new Dictionary<(string, string, int, string), int>();
        for (int n = 1; n < lines.Count; n++)
        {
            // A file without the seed column gets the given seed inserted where the column would be.
            var f = lines[n].Split(',').ToList();
            if (withoutSeed && f.Count > 3) f.Insert(3, seedOfFilesWithoutSeeds.ToString(CultureInfo.InvariantCulture));
            if (f.Count != 8 || !Enum.TryParse<TaskKind>(f[1], ignoreCase: true, out var task)
                || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int seed)
                || !double.TryParse(f[7], NumberStyles.Float, CultureInfo.InvariantCulture, out double fit))
                throw new InvalidDataException($"line {n + 1} is not {lines[0]}.");
            var key = (f[0], f[2], seed, f[4]);
            if (!index.TryGetValue(key, out int at))
            {
                index[key] = at = results.Count;
                results.Add(new FoldResult(f[0], task, f[2], seed, f[4], new Dictionary<string, double>(), fit));
            }
            if (f[5] == "error")
            {
                results[at] = results[at] with { Error = "failed in the reused run" };
                continue;
            }
            if (!double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new InvalidDataException($"line {n + 1}: '{f[6]}' is not a number.");
            ((Dictionary<string, double>)results[at].Metrics)[f[5]] = value;
        }
        return results;
    }
}
