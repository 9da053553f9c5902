using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// The step that turns a mistyped feature, label or weight column into the type the trainer reads, appended to a
/// schema-mismatch message ("expected Boolean, got String" alone leaves a new user to find the conversion).
/// </summary>
/// <remarks>
/// Each hint names ML.NET's own transform for the mistake users make most: text labels for binary or multiclass, a
/// numeric 0/1 label for binary, a Double column, a key label given to regression, a single number or an unfeaturized
/// text column as the features. The column is described by its item type, whether it is a key and whether it is a
/// vector, so the <see cref="Microsoft.ML.SchemaShape"/> check (pipeline <c>Fit</c>) and the schema check (<c>Fit</c>,
/// <c>Transform</c>) give the same words.
/// </remarks>
internal static class SchemaHints
{
    /// <summary>The hint for a label column of the wrong type for <paramref name="kind"/>, with a leading space; empty when none applies.</summary>
    public static string Label(PredictionKind kind, string name, DataViewType item, bool isKey, bool isVector)
    {
        if (isVector)
        {
            return kind == PredictionKind.Regression
                ? " (a model predicts one number: train one model per target, each on its own Single label column)"
                : "";
        }
        bool text = item is TextDataViewType;
        bool number = !isKey && item is NumberDataViewType;
        string hint = kind switch
        {
            PredictionKind.BinaryClassification when text =>
                $"a binary label is Boolean: map the text to true/false, e.g. ml.Transforms.Conversion.MapValue(\"Label\", " +
                $"new Dictionary<string, bool> {{ [\"yes\"] = true, [\"no\"] = false }}, \"{name}\"), or for more than two values " +
                "use the multiclass trainer after MapValueToKey",
            PredictionKind.BinaryClassification when number =>
                $"a binary label is Boolean: ml.Transforms.Conversion.ConvertType(\"Label\", \"{name}\", DataKind.Boolean) maps 0 to false and any other value to true",
            PredictionKind.BinaryClassification when isKey =>
                "a key label is multiclass: use ml.MulticlassClassification.Trainers.Backprop",
            PredictionKind.MulticlassClassification when text || number || item is BooleanDataViewType =>
                $"map the classes to a key first, ml.Transforms.Conversion.MapValueToKey(\"Label\", \"{name}\"), and back after the " +
                "trainer with MapKeyToValue(\"PredictedLabel\")",
            PredictionKind.Regression when isKey =>
                "a key label is a class, not a number: use ml.MulticlassClassification.Trainers.Backprop, or train on the " +
                "numeric column the key was mapped from",
            PredictionKind.Regression when number =>
                $"convert it with ml.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single)",
            PredictionKind.Regression when item is BooleanDataViewType =>
                "a Boolean label is binary: use ml.BinaryClassification.Trainers.Backprop",
            PredictionKind.Regression when text =>
                "load the column as a number (DataKind.Single in the TextLoader's column)",
            _ => "",
        };
        return hint.Length == 0 ? "" : $" ({hint})";
    }

    /// <summary>The hint for a feature column that is not a known-size vector of Single, with a leading space; empty when none applies.</summary>
    /// <param name="name">The column.</param>
    /// <param name="item">Its item type.</param>
    /// <param name="isKey">Whether its items are keys.</param>
    /// <param name="isVector">Whether it is a vector, of known size or not.</param>
    /// <param name="isVariableVector">Whether it is a vector of unknown size: most often a <c>float[]</c> property that
    /// <c>LoadFromEnumerable</c> was not told the length of, which the user cannot guess from "VarVector" alone.</param>
    public static string Feature(string name, DataViewType item, bool isKey, bool isVector, bool isVariableVector = false)
    {
        string hint = item switch
        {
            _ when isKey =>
                $"a key column: one-hot encode it, ml.Transforms.Categorical.OneHotEncoding(\"{name}\"), or name it in " +
                "CategoricalColumnNames to learn an embedding",
            TextDataViewType =>
                "text must be featurized first: ml.Transforms.Text.FeaturizeText for free text, " +
                "ml.Transforms.Categorical.OneHotEncoding for categories, then Concatenate into one Single vector",
            NumberDataViewType when isVariableVector && item == NumberDataViewType.Single =>
                "its length is not fixed, and the network needs the same number of features in every row: for a float[] loaded " +
                "with LoadFromEnumerable put [VectorType(n)] on the property (or give a SchemaDefinition with the size); " +
                "a column range in the TextLoader gives a fixed length; tokens need a bag of them (ml.Transforms.Text.ProduceWordBags " +
                "or FeaturizeText)",
            NumberDataViewType when item != NumberDataViewType.Single =>
                $"convert it with ml.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single)",
            NumberDataViewType when !isVector =>
                $"the features are one vector: ml.Transforms.Concatenate(\"Features\", \"{name}\", ...) makes one from one " +
                "column or several",
            BooleanDataViewType =>
                $"convert it with ml.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single)",
            _ => "",
        };
        return hint.Length == 0 ? "" : $" ({hint})";
    }

    /// <summary>The hint for a weight column that is not a Single scalar, with a leading space; empty when none applies.</summary>
    public static string Weight(string name, DataViewType item, bool isKey, bool isVector) =>
        !isKey && !isVector && item is NumberDataViewType
            ? $" (convert it with ml.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single))"
            : "";

    /// <summary><see cref="Label(PredictionKind, string, DataViewType, bool, bool)"/> for a column of a data view's schema.</summary>
    public static string Label(PredictionKind kind, string name, DataViewType type) =>
        Label(kind, name, ItemOf(type), ItemOf(type) is KeyDataViewType, type is VectorDataViewType);

    /// <summary><see cref="Feature(string, DataViewType, bool, bool, bool)"/> for a column of a data view's schema.</summary>
    public static string Feature(string name, DataViewType type) =>
        Feature(name, ItemOf(type), ItemOf(type) is KeyDataViewType, type is VectorDataViewType, type is VectorDataViewType { Size: 0 });

    /// <summary><see cref="Weight(string, DataViewType, bool, bool)"/> for a column of a data view's schema.</summary>
    public static string Weight(string name, DataViewType type) =>
        Weight(name, ItemOf(type), ItemOf(type) is KeyDataViewType, type is VectorDataViewType);

    private static DataViewType ItemOf(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;
}
