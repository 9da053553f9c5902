using System.Globalization;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>Reads a <c>folds.csv</c> written by <see cref="CsvReport"/> back into fold results (for <c>--reuse</c>).</summary>
public static class CsvResultsReader
{
    /// <summary>The fold results in <paramref name="text"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">Not a folds.csv of this tool (the message names the line).</exception>
    public static List<FoldResult> Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != CsvReport.Header) throw new InvalidDataException($"the first line must be '{CsvReport.Header}'.");
        var results = new List<FoldResult>();
        var index = new Dictionary<(string, string, string), int>();
        for (int n = 1; n < lines.Count; n++)
        {
            var f = lines[n].Split(',');
            if (f.Length != 7 || !Enum.TryParse<TaskKind>(f[1], ignoreCase: true, out var task)
                || !double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out double fit))
                throw new InvalidDataException($"line {n + 1} is not set,task,trainer,fold,metric,value,fit_seconds.");
            var key = (f[0], f[2], f[3]);
            if (!index.TryGetValue(key, out int at))
            {
                index[key] = at = results.Count;
                results.Add(new FoldResult(f[0], task, f[2], f[3], new Dictionary<string, double>(), fit));
            }
            if (f[4] == "error")
            {
                results[at] = results[at] with { Error = "failed in the reused run" };
                continue;
            }
            if (!double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new InvalidDataException($"line {n + 1}: '{f[5]}' is not a number.");
            ((Dictionary<string, double>)results[at].Metrics)[f[4]] = value;
        }
        return results;
    }
}
