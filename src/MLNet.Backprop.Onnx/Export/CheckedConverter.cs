using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Export;

/// <summary>
/// ML.NET's converter (Microsoft.ML.OnnxConverter) with the checks it lacks. On a chain it cannot export it may throw a
/// message naming nothing, or "succeed" with a wrong graph: it stops walking back at a view it cannot convert (a
/// third-party transformer's, or an Expression/CustomMapping step) and treats that view as the data source, so the
/// later steps read graph inputs instead of computed columns. Every such case is turned into an exception naming the
/// step, its type and its columns.
/// </summary>
internal static class CheckedConverter
{
    /// <summary>Converts <paramref name="steps"/> applied to <paramref name="input"/>; steps are numbered from
    /// <paramref name="firstStep"/> in messages.</summary>
    /// <exception cref="NotSupportedException">A step cannot be exported; the message names it.</exception>
    public static ModelProto Convert(IReadOnlyList<ITransformer> steps, DataViewSchema input, int firstStep)
    {
        string? problem = TryConvert(steps, input, out var model);
        if (problem is null) return model!;
        var schema = input;
        for (int i = 0; i < steps.Count; i++)
        {
            string? stepProblem = TryConvert([steps[i]], schema, out _);
            var output = steps[i].GetOutputSchema(schema);
            if (stepProblem is not null)
            {
                var columns = output.Where(c => !c.IsHidden && Produced(schema, output, c.Name)).Select(c => c.Name).ToList();
                throw new NotSupportedException(
                    $"Step {firstStep + i} of the model, {Describe(steps[i])} (columns {(columns.Count == 0 ? "none" : string.Join(", ", columns))}), " +
                    $"cannot be exported to ONNX by Microsoft.ML.OnnxConverter: {stepProblem}. Replace it with an exportable transform " +
                    "(README, \"Deploying a model\"), or deploy with ml.Model.Save instead of ONNX. (Steps are counted from 0.)");
            }
            schema = output;
        }
        throw new NotSupportedException($"Microsoft.ML.OnnxConverter cannot export steps {firstStep}-{firstStep + steps.Count - 1} of the model together: {problem}.");
    }

    /// <summary>Null when the graph is complete; otherwise what is wrong with it.</summary>
    private static string? TryConvert(IReadOnlyList<ITransformer> steps, DataViewSchema input, out ModelProto? model)
    {
        model = null;
        var data = EmptyDataView.Visible(input);
        // A private context: the converter reports a step it skipped only as a warning on its context's log.
        var ml = new MLContext();
        var skipped = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Message.Contains("walkback", StringComparison.OrdinalIgnoreCase)) lock (skipped) skipped.Add(e.Message);
        };
        using var bytes = new MemoryStream();
        try
        {
            ml.Model.ConvertToOnnx(new TransformerChain<ITransformer>([.. steps]), data, bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"the converter threw {e.GetType().Name}: {e.Message}";
        }
        if (skipped.Count > 0) return $"the converter skipped it ({skipped[0][(skipped[0].LastIndexOf(']') + 1)..].Trim()})";

        model = ModelProto.Parser.ParseFrom(bytes.ToArray());
        var graph = model.Graph;
        var columns = data.Schema.Select(c => c.Name).ToHashSet();
        var foreign = graph.Input.Select(i => i.Name).Where(n => !columns.Contains(n)).ToList();
        if (foreign.Count > 0)
            return $"the graph expects inputs the data does not have ({string.Join(", ", foreign.Take(5))}): a step was taken for the data source instead of being converted";

        var output = steps.Aggregate(data.Schema, (schema, step) => step.GetOutputSchema(schema));
        foreach (var column in output.Where(c => !c.IsHidden))
        {
            var identity = graph.Node.FirstOrDefault(n => n.Output.Contains(column.Name + OnnxFormat.OutputSuffix));
            if (identity is null) return $"column '{column.Name}' has no output in the graph";
            if (Produced(data.Schema, output, column.Name) && identity.OpType == "Identity" && identity.Input[0] == column.Name && columns.Contains(column.Name))
                return $"column '{column.Name}' is passed through from the graph input instead of being computed";
        }
        return null;
    }

    /// <summary>A visible column was produced, not passed through, when its name is new or when a step hid an older
    /// column of that name (ML.NET's in-place rewrite).</summary>
    private static bool Produced(DataViewSchema input, DataViewSchema output, string name) =>
        input.GetColumnOrNull(name) is null || output.Count(c => c.Name == name) > input.Count(c => c.Name == name);

    internal static string Describe(ITransformer step)
    {
        var type = step.GetType();
        string name = type.Name.Split('`')[0];
        // FeaturizeText's transformer is the nested class TextFeaturizingEstimator.Transformer: "Transformer" alone names no step.
        return type.DeclaringType is { } outer ? $"{outer.Name.Split('`')[0]}.{name}" : name;
    }
}
