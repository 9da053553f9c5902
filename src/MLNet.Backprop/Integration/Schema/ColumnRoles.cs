namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// The role names used in schema error messages and as <see cref="ArgumentException.ParamName"/> of the
/// <see cref="ArgumentOutOfRangeException"/> thrown for a bad schema, as ML.NET does ("Could not find feature column ...").
/// </summary>
internal static class ColumnRoles
{
    /// <summary>The feature vector column.</summary>
    public const string Feature = "feature";

    /// <summary>The label column.</summary>
    public const string Label = "label";

    /// <summary>The optional example weight column.</summary>
    public const string Weight = "weight";

    /// <summary>A categorical (key) column looked up in an embedding table.</summary>
    public const string Categorical = "categorical";
}
