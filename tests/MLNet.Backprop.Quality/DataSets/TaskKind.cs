namespace MLNet.Backprop.Quality.DataSets;

/// <summary>What a data set's label asks for.</summary>
public enum TaskKind
{
    /// <summary>Two classes; the label becomes a Boolean and the primary metric is AUC.</summary>
    Binary,

    /// <summary>Three or more classes; the label becomes a key and the metrics are macro-accuracy and log-loss.</summary>
    Multiclass,

    /// <summary>A numeric target loaded as Single; the metric is R².</summary>
    Regression,
}
