namespace MLNet.Backprop.Onnx.Graph;

/// <summary>One prediction column as a tensor: its ML.NET name, the tensor, the ONNX element type and the width.</summary>
internal readonly record struct HeadColumn(string Column, string Tensor, int ElementType, long Width);

/// <summary>
/// The task's prediction columns from the pre-link outputs, typed like ML.NET's own trainers' exports: binary Score
/// (the logit), Probability = σ(Score) and PredictedLabel = Score &gt; 0 (bool); multiclass Score = softmax and
/// PredictedLabel = the 1-based key of the arg max (uint32, first index on ties, as the library); regression Score.
/// </summary>
internal static class TaskHead
{
    public static IReadOnlyList<HeadColumn> Append(GraphWriter writer, BackpropModel model, string logits)
    {
        switch (model.Task)
        {
            case BackpropTask.BinaryClassification:
                return
                [
                    new("Score", logits, OnnxFormat.Float, 1),
                    new("Probability", writer.Op("Sigmoid", "Probability", [logits]), OnnxFormat.Float, 1),
                    new("PredictedLabel", writer.Op("Greater", "PredictedLabel", [logits, writer.Scalar("Zero", 0f)]), OnnxFormat.Bool, 1),
                ];
            case BackpropTask.MulticlassClassification:
                string probabilities = writer.Op("Softmax", "Score", [logits], GraphWriter.Attribute("axis", 1L));
                string index = writer.Op("ArgMax", "ArgMax", [probabilities], GraphWriter.Attribute("axis", 1L), GraphWriter.Attribute("keepdims", 1L));
                string key = writer.Op("Add", "Key64", [index, writer.Int64s("One", [], 1L)]);
                return
                [
                    new("Score", probabilities, OnnxFormat.Float, model.Network.OutputSize),
                    new("PredictedLabel", writer.Op("Cast", "PredictedLabel", [key], GraphWriter.Attribute("to", (long)OnnxFormat.UInt32)), OnnxFormat.UInt32, 1),
                ];
            default:
                return [new("Score", logits, OnnxFormat.Float, 1)];
        }
    }

    /// <summary>The class names of a multiclass model, or "1".."K" when the label's key had none.</summary>
    public static IReadOnlyList<string> ClassNames(BackpropModel model) =>
        model.ClassNames ?? [.. Enumerable.Range(1, model.Network.OutputSize).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
