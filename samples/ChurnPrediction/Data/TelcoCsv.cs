using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnPrediction.Data;

/// <summary>
/// Reads a Telco churn CSV into an ML.NET data view, after checking it line by line.
/// </summary>
/// <remarks>
/// ML.NET's TextLoader is lenient: a short row or a word in a number column silently becomes a missing value. A model
/// trained on such data is quietly wrong, so the file is validated up front and the first problem is reported with its
/// file, line and column.
/// </remarks>
public static class TelcoCsv
{
    /// <summary>Validates <paramref name="path"/> and loads it. The customerID and text columns load as text, the
    /// numeric columns as Single (a blank TotalCharges as NaN), and Churn, when present, as text ("Yes"/"No").</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">The CSV file.</param>
    /// <param name="requireChurn">True for training and evaluation; predict accepts files without the Churn column.</param>
    public static IDataView Load(MLContext ml, string path, bool requireChurn)
    {
        var header = Validate(path, requireChurn);
        var columns = new List<TextLoader.Column> { new(TelcoSchema.CustomerId, DataKind.String, header[TelcoSchema.CustomerId]) };
        columns.AddRange(TelcoSchema.Categorical.Select(name => new TextLoader.Column(name, DataKind.String, header[name])));
        columns.AddRange(TelcoSchema.Numeric.Select(name => new TextLoader.Column(name, DataKind.Single, header[name])));
        if (header.TryGetValue(TelcoSchema.Churn, out int churn)) columns.Add(new(TelcoSchema.Churn, DataKind.String, churn));

        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [.. columns],
            HasHeader = true,
            Separators = [','],
            // Without this, the blank TotalCharges of new customers would be read as 0 and could not be told apart
            // from a real value; as NaN, ReplaceMissingValues in the pipeline handles them explicitly.
            MissingRealsAsNaNs = true,
        });
        return loader.Load(path);
    }

    /// <summary>Checks the header and every row; returns the index of each column by name.</summary>
    /// <exception cref="MalformedDataException">The first problem found, with file, line and expectation.</exception>
    public static Dictionary<string, int> Validate(string path, bool requireChurn)
    {
        if (!File.Exists(path)) throw new DataSourceException($"data file '{path}' does not exist.");
        string file = Path.GetFileName(path);
        using var reader = new StreamReader(path);

        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine)) throw new MalformedDataException($"{file}: the file is empty; expected a header line with the Telco columns.");
        string[] names = headerLine.TrimStart('\uFEFF').Split(',');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            if (!index.TryAdd(names[i].Trim(), i)) throw new MalformedDataException($"{file}, line 1: column '{names[i]}' appears twice in the header.");

        var required = TelcoSchema.Header.Where(n => requireChurn || n != TelcoSchema.Churn).ToList();
        var missing = required.Where(n => !index.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new MalformedDataException($"{file}, line 1: the header lacks the column{(missing.Count > 1 ? "s" : "")} " +
                $"{string.Join(", ", missing.Select(m => $"'{m}'"))}; expected the Telco columns {string.Join(",", required)}.");

        int lineNumber = 1, rows = 0;
        bool sawBlank = false;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                sawBlank = true; // blank lines are tolerated at the end of the file only
                continue;
            }
            if (sawBlank) throw new MalformedDataException($"{file}, line {lineNumber - 1}: blank line in the middle of the data.");
            if (line.Contains('"')) throw new MalformedDataException($"{file}, line {lineNumber}: quoted fields are not supported; the Telco file has none.");

            string[] fields = line.Split(',');
            if (fields.Length != names.Length)
                throw new MalformedDataException($"{file}, line {lineNumber}: expected {names.Length} comma-separated fields (as in the header), found {fields.Length}.");
            CheckRow(file, lineNumber, fields, index);
            rows++;
        }
        if (rows == 0) throw new MalformedDataException($"{file}: the file has a header but no data rows.");
        return index;
    }

    private static void CheckRow(string file, int line, string[] fields, Dictionary<string, int> index)
    {
        if (fields[index[TelcoSchema.CustomerId]].Trim().Length == 0)
            throw new MalformedDataException($"{file}, line {line}: customerID is empty.");
        foreach (string name in TelcoSchema.Numeric)
        {
            string value = fields[index[name]].Trim();
            if (value.Length == 0 && TelcoSchema.MayBeBlank.Contains(name)) continue;
            if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number) || !float.IsFinite(number))
                throw new MalformedDataException($"{file}, line {line}, column '{name}': expected a number, found '{value}'.");
        }
        if (index.TryGetValue(TelcoSchema.Churn, out int churn) && fields[churn] is not ("Yes" or "No"))
            throw new MalformedDataException($"{file}, line {line}, column 'Churn': expected Yes or No, found '{fields[churn]}'.");
    }
}
