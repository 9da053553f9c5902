using Microsoft.ML;
using Microsoft.ML.Data;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// Checks the feature, label and weight columns an estimator or transformer needs, on a <see cref="SchemaShape"/>
/// (for <c>GetOutputSchema</c>) or a <see cref="DataViewSchema"/> (for <c>Fit</c> and <c>Transform</c>).
/// </summary>
/// <remarks>
/// Every problem throws <see cref="ArgumentOutOfRangeException"/> whose <see cref="ArgumentException.ParamName"/> is the
/// column role (<see cref="ColumnRoles"/>), with ML.NET's wording: <c>Could not find feature column 'Features'</c>,
/// <c>Schema mismatch for label column 'Label': expected Boolean, got String</c>.
/// </remarks>
internal static class SchemaValidation
{
    private const string KnownSizeSingleVector = "known-size Vector<Single>";

    /// <summary>Checks that the feature column exists and is a known-size vector of <see cref="float"/>.</summary>
    public static SchemaShape.Column CheckFeatureColumn(SchemaShape input, string name)
    {
        var column = Find(input, name, ColumnRoles.Feature);
        if (column.Kind != VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw Mismatch(ColumnRoles.Feature, name, KnownSizeSingleVector, SchemaShapes.Describe(column) +
                SchemaHints.Feature(name, column.ItemType, column.IsKey, column.Kind != VectorKind.Scalar, column.Kind == VectorKind.VariableVector));
        return column;
    }

    /// <summary>
    /// Checks that the label column exists with the type the task needs: Boolean (binary), a key (multiclass) or
    /// Single (regression).
    /// </summary>
    public static SchemaShape.Column CheckLabelColumn(SchemaShape input, string name, PredictionKind kind)
    {
        var column = Find(input, name, ColumnRoles.Label);
        bool ok = column.Kind == VectorKind.Scalar && kind switch
        {
            PredictionKind.BinaryClassification => !column.IsKey && column.ItemType == BooleanDataViewType.Instance,
            PredictionKind.MulticlassClassification => column.IsKey,
            PredictionKind.Regression => !column.IsKey && column.ItemType == NumberDataViewType.Single,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prediction kind."),
        };
        if (!ok)
            throw Mismatch(ColumnRoles.Label, name, ExpectedLabel(kind), SchemaShapes.Describe(column) +
                SchemaHints.Label(kind, name, column.ItemType, column.IsKey, column.Kind != VectorKind.Scalar));
        return column;
    }

    /// <summary>Checks the optional weight column: nothing when <paramref name="name"/> is null or empty, else a Single scalar.</summary>
    public static SchemaShape.Column? CheckWeightColumn(SchemaShape input, string? name)
    {
        if (string.IsNullOrEmpty(name))
            return null;
        var column = Find(input, name, ColumnRoles.Weight);
        if (column.Kind != VectorKind.Scalar || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw Mismatch(ColumnRoles.Weight, name, "Single", SchemaShapes.Describe(column) +
                SchemaHints.Weight(name, column.ItemType, column.IsKey, column.Kind != VectorKind.Scalar));
        return column;
    }

    /// <summary>
    /// Checks that the feature column exists and is a known-size vector of <see cref="float"/>; when
    /// <paramref name="expectedSize"/> is given (a fitted model), also that it has exactly that many slots.
    /// <paramref name="data"/> names the data in the message when it is not the only data given ("validation data").
    /// </summary>
    public static DataViewSchema.Column CheckFeatureColumn(DataViewSchema schema, string name, int? expectedSize = null, string? data = null)
    {
        var column = Find(schema, name, ColumnRoles.Feature, data);
        if (column.Type is not VectorDataViewType { ItemType: var item, Size: var size } || item != NumberDataViewType.Single || size == 0)
            throw Mismatch(ColumnRoles.Feature, name, expectedSize is { } n ? $"Vector<Single, {n}>" : KnownSizeSingleVector, Name(column.Type) +
                SchemaHints.Feature(name, column.Type), data);
        if (expectedSize is { } expected && size != expected)
        {
            throw new ArgumentOutOfRangeException(ColumnRoles.Feature,
                $"Schema mismatch for feature column '{name}': expected Vector<Single, {expected}>, got Vector<Single, {size}> " +
                $"(the model was trained on {expected} features, the data has {size}).");
        }
        return column;
    }

    /// <summary>Checks the label column's type for the task, as <see cref="CheckLabelColumn(SchemaShape, string, PredictionKind)"/> does.</summary>
    public static DataViewSchema.Column CheckLabelColumn(DataViewSchema schema, string name, PredictionKind kind, string? data = null)
    {
        var column = Find(schema, name, ColumnRoles.Label, data);
        bool ok = kind switch
        {
            PredictionKind.BinaryClassification => column.Type == BooleanDataViewType.Instance,
            PredictionKind.MulticlassClassification => column.Type is KeyDataViewType,
            PredictionKind.Regression => column.Type == NumberDataViewType.Single,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prediction kind."),
        };
        if (!ok)
            throw Mismatch(ColumnRoles.Label, name, ExpectedLabel(kind), Name(column.Type) +
                SchemaHints.Label(kind, name, column.Type), data);
        return column;
    }

    /// <summary>Checks the optional weight column: null when <paramref name="name"/> is null or empty, else a Single scalar.</summary>
    public static DataViewSchema.Column? CheckWeightColumn(DataViewSchema schema, string? name, string? data = null)
    {
        if (string.IsNullOrEmpty(name))
            return null;
        var column = Find(schema, name, ColumnRoles.Weight, data);
        if (column.Type != NumberDataViewType.Single)
            throw Mismatch(ColumnRoles.Weight, name, "Single", Name(column.Type) +
                SchemaHints.Weight(name, column.Type), data);
        return column;
    }

    private static string Name(DataViewType type) => type.ToString() ?? type.GetType().Name;

    private static string ExpectedLabel(PredictionKind kind) => kind switch
    {
        PredictionKind.BinaryClassification => "Boolean",
        PredictionKind.MulticlassClassification => "Key",
        _ => "Single",
    };

    private static SchemaShape.Column Find(SchemaShape input, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SchemaShapes.TryFind(input, name, out var column) ? column : throw Missing(role, name);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string? data)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        // GetColumnOrNull returns the visible column of that name, skipping hidden ones, like ML.NET's own binding.
        return schema.GetColumnOrNull(name) ?? throw Missing(role, name, data);
    }

    // "in the validation data" after the column: Fit checks two data views, and the training data is usually fine.
    private static ArgumentOutOfRangeException Missing(string role, string name, string? data = null) =>
        new(role, $"Could not find {role} column '{name}'{In(data)}");

    private static ArgumentOutOfRangeException Mismatch(string role, string name, string expected, string actual, string? data = null) =>
        new(role, $"Schema mismatch for {role} column '{name}'{In(data)}: expected {expected}, got {actual}");

    private static string In(string? data) => data is null ? "" : $" in the {data}";
}
