namespace MLNet.Backprop.Integration.Schema;

/// <summary>The machine-learning task a fitted model answers; decides the output columns it produces.</summary>
internal enum PredictionKind
{
    /// <summary>Two classes: <c>Score</c> (logit), <c>Probability</c> and <c>PredictedLabel</c> (Boolean).</summary>
    BinaryClassification,

    /// <summary>K classes: <c>Score</c> (vector of K probabilities) and <c>PredictedLabel</c> (key, 1-based).</summary>
    MulticlassClassification,

    /// <summary>One real value: <c>Score</c>.</summary>
    Regression,
}

/// <summary>The prediction kind of each task.</summary>
internal static class PredictionKinds
{
    /// <summary>The kind a model of <paramref name="task"/> produces (what the schema checks expect of its label).</summary>
    public static PredictionKind Of(BackpropTask task) => task switch
    {
        BackpropTask.BinaryClassification => PredictionKind.BinaryClassification,
        BackpropTask.MulticlassClassification => PredictionKind.MulticlassClassification,
        _ => PredictionKind.Regression,
    };
}
