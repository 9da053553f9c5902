using System.Globalization;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// The columns of a data set as the generic featurizer sees them: the label (the last column) and every other column
/// as numeric, categorical or ignored, inferred from the values plus the set's <see cref="DataSetInfo"/>.
/// </summary>
public sealed class DataSetLayout
{
    private DataSetLayout(DataSetInfo info, string labelName, int labelIndex, IReadOnlyList<FeatureColumn> columns, IReadOnlyList<string> classes)
    {
        Info = info;
        LabelName = labelName;
        LabelIndex = labelIndex;
        Columns = columns;
        Classes = classes;
    }

    /// <summary>The set's metadata.</summary>
    public DataSetInfo Info { get; }

    /// <summary>The label's header name.</summary>
    public string LabelName { get; }

    /// <summary>The label's position (always the last column).</summary>
    public int LabelIndex { get; }

    /// <summary>Every column but the label, in file order.</summary>
    public IReadOnlyList<FeatureColumn> Columns { get; }

    /// <summary>Classification: the label's distinct values, ordinal order; empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Binary: the label string mapped to false.</summary>
    public string NegativeClass => Classes.Single(c => c != Info.PositiveClass);

    /// <summary>The numeric feature columns.</summary>
    public IReadOnlyList<FeatureColumn> Numeric => [.. Columns.Where(c => c.Kind == ColumnKind.Numeric)];

    /// <summary>The free-text feature columns.</summary>
    public IReadOnlyList<FeatureColumn> Text => [.. Columns.Where(c => c.Kind == ColumnKind.Text)];

    /// <summary>The categorical feature columns.</summary>
    public IReadOnlyList<FeatureColumn> Categorical => [.. Columns.Where(c => c.Kind == ColumnKind.Categorical)];

    /// <summary>Infers the layout of <paramref name="table"/> and checks its label against the task.</summary>
    /// <exception cref="InvalidDataException">The label does not fit the task (named with the values found).</exception>
    public static DataSetLayout Infer(CsvTable table, DataSetInfo info)
    {
        int labelIndex = table.Header.Count - 1;
        if (labelIndex < 1) throw new InvalidDataException($"{info.Name}: needs at least one feature column and a label.");
        var columns = new List<FeatureColumn>();
        for (int i = 0; i < labelIndex; i++)
        {
            string name = table.Header[i];
            int missing = table.Rows.Count(r => ColumnTypeInference.IsMissing(r[i]));
            var kind = info.IsIgnored(name) ? ColumnKind.Ignored : info.IsText(name) ? ColumnKind.Text : ColumnTypeInference.Infer(table.Rows.Select(r => r[i]));
            if (kind == ColumnKind.Numeric && info.IsCategoricalCode(name)) kind = ColumnKind.Categorical;
            columns.Add(new FeatureColumn(name, i, kind, missing));
        }
        var classes = info.Task == TaskKind.Regression ? [] : table.DistinctValues(labelIndex);
        CheckLabel(table, info, labelIndex, classes);
        return new DataSetLayout(info, table.Header[labelIndex], labelIndex, columns, classes);
    }

    /// <summary>Classification: each row's class index into <see cref="Classes"/>.</summary>
    public int[] ClassIndices(CsvTable table)
    {
        var index = Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return [.. table.Rows.Select(r => index[r[LabelIndex].Trim()])];
    }

    /// <summary>Regression: each row's target.</summary>
    public double[] Targets(CsvTable table) =>
        [.. table.Rows.Select(r => double.Parse(r[LabelIndex].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture))];

    private static void CheckLabel(CsvTable table, DataSetInfo info, int labelIndex, IReadOnlyList<string> classes)
    {
        string name = $"{info.Name}: label '{table.Header[labelIndex]}'";
        if (table.Rows.Any(r => ColumnTypeInference.IsMissing(r[labelIndex]))) throw new InvalidDataException($"{name} is empty in some rows.");
        switch (info.Task)
        {
            case TaskKind.Regression when !table.Rows.All(r => ColumnTypeInference.IsNumber(r[labelIndex])):
                throw new InvalidDataException($"{name} is not numeric, but the task is regression.");
            case TaskKind.Binary when classes.Count != 2 || info.PositiveClass is null || !classes.Contains(info.PositiveClass):
                throw new InvalidDataException($"{name} must have two values including the positive class '{info.PositiveClass}'; found {string.Join(", ", classes)}.");
            case TaskKind.Multiclass when classes.Count < 3:
                throw new InvalidDataException($"{name} has {classes.Count} classes; multiclass needs at least 3.");
        }
    }
}
