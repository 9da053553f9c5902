using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// Loads rows of a data set with ML.NET's <c>TextLoader</c> (comma, header, quoting, empty numbers as NaN): the numeric
/// columns as one Single vector, each categorical column as text, the label as text (classification) or Single.
/// </summary>
public sealed class DataSetLoader
{
    private readonly TextLoader _loader;

    /// <summary>A loader for files laid out as <paramref name="layout"/>.</summary>
    public DataSetLoader(MLContext ml, DataSetLayout layout)
    {
        var columns = new List<TextLoader.Column>();
        if (layout.Numeric.Count > 0)
            columns.Add(new TextLoader.Column(ColumnNames.Numeric, DataKind.Single, [.. layout.Numeric.Select(c => new TextLoader.Range(c.Index))]));
        foreach (var column in layout.Categorical)
            columns.Add(new TextLoader.Column(ColumnNames.Categorical(column.Name), DataKind.String, column.Index));
        foreach (var column in layout.Text)
            columns.Add(new TextLoader.Column(ColumnNames.Text(column.Name), DataKind.String, column.Index));
        columns.Add(layout.Info.Task == TaskKind.Regression
            ? new TextLoader.Column(ColumnNames.Label, DataKind.Single, layout.LabelIndex)
            : new TextLoader.Column(ColumnNames.LabelText, DataKind.String, layout.LabelIndex));
        _loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [.. columns],
            Separators = [','],
            HasHeader = true,
            AllowQuoting = true,
            MissingRealsAsNaNs = true,
            TrimWhitespace = true,
        });
    }

    /// <summary>The rows of <paramref name="table"/> selected by <paramref name="include"/>.</summary>
    public IDataView Load(CsvTable table, Func<int, bool> include) =>
        _loader.Load(new InMemoryTextSource(table.HeaderLine, table.Lines.Where((_, i) => include(i))));

    /// <summary>Every row of <paramref name="table"/>.</summary>
    public IDataView Load(CsvTable table) => Load(table, _ => true);
}
