using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using Microsoft.ML.Data;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>Builds <see cref="SchemaShape"/> columns and the output shape an estimator promises for each task.</summary>
/// <remarks>
/// <c>EstimatorChain.Fit</c> propagates shapes through the whole chain before fitting anything, so the shape must be
/// complete, annotations included: a downstream <c>MapKeyToValue</c> fails at Fit if <c>PredictedLabel</c> does not
/// promise <c>KeyValues</c>.
/// </remarks>
internal static class SchemaShapes
{
    // SchemaShape.Column's only constructor is internal in Microsoft.ML 5.0.x (and SchemaShape.Create is internal too),
    // so creating a new column needs this one reflection call. Looked up once; null when a future ML.NET changes it.
    private static readonly ConstructorInfo? ColumnConstructor = typeof(SchemaShape.Column).GetConstructor(
        BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance,
        binder: null,
        [typeof(string), typeof(VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)],
        modifiers: null);

    private static readonly SchemaShape Empty = new([]);

    /// <summary>Creates a column shape, as ML.NET's internal constructor would.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="kind">Scalar, known-size vector or variable-size vector.</param>
    /// <param name="itemType">Item type; for a key column its raw type (e.g. <see cref="NumberDataViewType.UInt32"/>).</param>
    /// <param name="isKey">True for a key column.</param>
    /// <param name="annotations">Shapes of the column's annotations, or null for none.</param>
    /// <exception cref="NotSupportedException">The running Microsoft.ML has no matching constructor.</exception>
    public static SchemaShape.Column Column(string name, VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(itemType);
        if (ColumnConstructor is null)
        {
            throw new NotSupportedException(
                $"This version of Microsoft.ML ({typeof(SchemaShape).Assembly.GetName().Version}) has no constructor " +
                "SchemaShape.Column(string, VectorKind, DataViewType, bool, SchemaShape); MLNet.Backprop was built against Microsoft.ML 5.0.x.");
        }

        try
        {
            return (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, itemType, isKey, annotations ?? Empty]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Surface ML.NET's own argument check, not the reflection wrapper.
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>
    /// The input shape with the output columns of <paramref name="kind"/> added; a same-named input column is replaced,
    /// as ML.NET's trainers do.
    /// </summary>
    /// <param name="input">The shape coming into the estimator.</param>
    /// <param name="kind">The task.</param>
    /// <param name="hasClassNames">
    /// Multiclass: whether the output carries class names (<c>SlotNames</c> on Score, <c>KeyValues</c> on PredictedLabel);
    /// true when the label column promises <c>KeyValues</c>. Ignored for other tasks.
    /// </param>
    public static SchemaShape Output(SchemaShape input, PredictionKind kind, bool hasClassNames)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outputs = OutputColumns(kind, hasClassNames);
        var replaced = outputs.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(input.Where(c => !replaced.Contains(c.Name)).Concat(outputs));
    }

    /// <summary>The output column shapes of <paramref name="kind"/>, in the order they are appended.</summary>
    public static IReadOnlyList<SchemaShape.Column> OutputColumns(PredictionKind kind, bool hasClassNames)
    {
        var text = TextDataViewType.Instance;
        var single = NumberDataViewType.Single;
        return kind switch
        {
            PredictionKind.BinaryClassification =>
            [
                Column(ScoreColumnNames.Score, VectorKind.Scalar, single, false, ScoreAnnotations()),
                Column(ScoreColumnNames.Probability, VectorKind.Scalar, single, false, ScoreAnnotations()),
                Column(ScoreColumnNames.PredictedLabel, VectorKind.Scalar, BooleanDataViewType.Instance, false, ScoreAnnotations()),
            ],
            PredictionKind.MulticlassClassification =>
            [
                Column(ScoreColumnNames.Score, VectorKind.Vector, single, false,
                    ScoreAnnotations(hasClassNames ? ScoreColumnNames.SlotNames : null)),
                Column(ScoreColumnNames.PredictedLabel, VectorKind.Scalar, NumberDataViewType.UInt32, true,
                    ScoreAnnotations(hasClassNames ? ScoreColumnNames.KeyValues : null)),
            ],
            PredictionKind.Regression =>
            [
                Column(ScoreColumnNames.Score, VectorKind.Scalar, single, false, ScoreAnnotations()),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prediction kind."),
        };

        // Every output carries the ScoreColumnKind/ScoreValueKind text annotations; class names are a text vector.
        SchemaShape ScoreAnnotations(string? namesAnnotation = null)
        {
            var columns = new List<SchemaShape.Column>
            {
                Column(ScoreColumnNames.ScoreColumnKind, VectorKind.Scalar, text, false),
                Column(ScoreColumnNames.ScoreValueKind, VectorKind.Scalar, text, false),
            };
            if (namesAnnotation is not null)
                columns.Add(Column(namesAnnotation, VectorKind.Vector, text, false));
            return new SchemaShape(columns);
        }
    }

    /// <summary>
    /// The shape of a concrete schema, as ML.NET's internal <c>SchemaShape.Create</c> builds it: visible columns only,
    /// keys described by their raw type, annotations by their own shapes.
    /// </summary>
    public static SchemaShape FromSchema(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden).Select(c =>
            ShapeOf(c.Name, c.Type, new SchemaShape(c.Annotations.Schema.Select(a => ShapeOf(a.Name, a.Type, null))))));
    }

    private static SchemaShape.Column ShapeOf(string name, DataViewType type, SchemaShape? annotations)
    {
        var kind = type is VectorDataViewType vector ? (vector.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector) : VectorKind.Scalar;
        var item = type is VectorDataViewType v ? v.ItemType : type;
        if (item is KeyDataViewType key)
            return Column(name, kind, KeyRawType(key.RawType), true, annotations);
        return Column(name, kind, item, false, annotations);
    }

    private static DataViewType KeyRawType(Type raw) =>
        raw == typeof(byte) ? NumberDataViewType.Byte
        : raw == typeof(ushort) ? NumberDataViewType.UInt16
        : raw == typeof(uint) ? NumberDataViewType.UInt32
        : NumberDataViewType.UInt64;

    /// <summary>True when <paramref name="column"/> promises a <c>KeyValues</c> annotation (the class names).</summary>
    public static bool HasKeyValues(SchemaShape.Column column) =>
        column.Annotations is { } a && TryFind(a, ScoreColumnNames.KeyValues, out _);

    /// <summary>Finds a column shape by name (<c>SchemaShape.TryFindColumn</c> is internal).</summary>
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var c in shape)
        {
            if (c.Name == name)
            {
                column = c;
                return true;
            }
        }
        column = default;
        return false;
    }

    /// <summary>Describes a column shape's type for error messages: <c>Single</c>, <c>Key&lt;UInt32&gt;</c>, <c>Vector&lt;Single&gt;</c>.</summary>
    public static string Describe(SchemaShape.Column column)
    {
        string item = column.ItemType?.ToString() ?? "?";
        if (column.IsKey)
            item = $"Key<{item}>";
        return column.Kind switch
        {
            VectorKind.Vector => $"Vector<{item}>",
            VectorKind.VariableVector => $"VarVector<{item}>",
            _ => item,
        };
    }
}
