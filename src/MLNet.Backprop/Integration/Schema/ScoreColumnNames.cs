namespace MLNet.Backprop.Integration.Schema;

/// <summary>Names of the output columns and annotations, as ML.NET's own trainers use them.</summary>
/// <remarks>ML.NET keeps its copies (<c>DefaultColumnNames</c>, <c>AnnotationUtils.Kinds</c>) internal, so they are repeated here.</remarks>
internal static class ScoreColumnNames
{
    /// <summary>The raw score: logit (binary), class probabilities (multiclass) or the prediction (regression).</summary>
    public const string Score = "Score";

    /// <summary>Binary only: the probability of the positive class.</summary>
    public const string Probability = "Probability";

    /// <summary>Classification only: the predicted class.</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>Annotation on a vector column naming its slots.</summary>
    public const string SlotNames = "SlotNames";

    /// <summary>Annotation on a key column naming its values; <c>MapKeyToValue</c> needs it.</summary>
    public const string KeyValues = "KeyValues";

    /// <summary>Annotation on every output column naming the task ("BinaryClassification", ...).</summary>
    public const string ScoreColumnKind = "ScoreColumnKind";

    /// <summary>Annotation on every output column naming the output ("Score", "Probability", "PredictedLabel").</summary>
    public const string ScoreValueKind = "ScoreValueKind";

    /// <summary>The text ML.NET puts in <see cref="ScoreColumnKind"/> for <paramref name="kind"/>.</summary>
    public static string ScoreColumnKindText(PredictionKind kind) => kind switch
    {
        PredictionKind.BinaryClassification => "BinaryClassification",
        PredictionKind.MulticlassClassification => "MulticlassClassification",
        PredictionKind.Regression => "Regression",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prediction kind."),
    };

    /// <summary>The output columns of <paramref name="kind"/>, in the order they are appended.</summary>
    public static IReadOnlyList<string> For(PredictionKind kind) => kind switch
    {
        PredictionKind.BinaryClassification => [Score, Probability, PredictedLabel],
        PredictionKind.MulticlassClassification => [Score, PredictedLabel],
        PredictionKind.Regression => [Score],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prediction kind."),
    };
}
