namespace MLNet.Backprop.Quality.DataSets;

/// <summary>The column names of the loaded data and of the pipelines built on it.</summary>
public static class ColumnNames
{
    /// <summary>The label as trainers and evaluators expect it: Boolean, key or Single.</summary>
    public const string Label = "Label";

    /// <summary>A classification label as read from the file (text), before it is mapped to <see cref="Label"/>.</summary>
    public const string LabelText = "LabelText";

    /// <summary>The numeric columns, loaded together as one vector of Single.</summary>
    public const string Numeric = "Numeric";

    /// <summary>The normalised feature vector the trainers read.</summary>
    public const string Features = "Features";

    /// <summary>The loaded name of the free-text column <paramref name="header"/>.</summary>
    public static string Text(string header) => "Txt_" + header;

    /// <summary>The loaded name of the categorical column <paramref name="header"/> (prefixed so it cannot clash with the names above).</summary>
    public static string Categorical(string header) => "Cat_" + header;

    /// <summary>The key column of the categorical column <paramref name="header"/> (embedding featurizer).</summary>
    public static string Key(string header) => "Key_" + header;

    /// <summary>Whether <paramref name="name"/> is a name made by <see cref="Key"/>.</summary>
    public static bool IsKey(string name) => name.StartsWith("Key_", StringComparison.Ordinal);
}
