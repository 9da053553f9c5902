namespace MLNet.Backprop.Quality.DataSets;

/// <summary>How a feature column is featurized.</summary>
public enum ColumnKind
{
    /// <summary>Every non-empty value is a number: loaded as Single, missing values replaced by the mean.</summary>
    Numeric,

    /// <summary>Text, or digit codes declared categorical: one-hot encoded.</summary>
    Categorical,

    /// <summary>Free text declared as such: featurized with <c>FeaturizeText</c> (word and character n-grams).</summary>
    Text,

    /// <summary>Not a feature (declared ignored, or empty in every row).</summary>
    Ignored,
}
