using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Onnx.Export;

/// <summary>
/// The input columns an ONNX graph can carry. ML.NET's converter makes every column of the data a graph input and fails
/// on a type ONNX has no tensor for (DateTime, TimeSpan, a row id...), which the step-by-step search then blamed on the
/// first step. A column of such a type that no step reads is left out of the graph; one that a step reads is named with
/// that step.
/// </summary>
internal static class InputColumns
{
    /// <summary><paramref name="input"/> without the columns ONNX cannot carry that no step of <paramref name="steps"/> reads.</summary>
    /// <exception cref="NotSupportedException">A step reads such a column (the message names the column, its type and the step).</exception>
    public static DataViewSchema Exportable(IReadOnlyList<ITransformer> steps, DataViewSchema input)
    {
        var foreign = input.Where(c => !c.IsHidden && !Carried(c.Type)).Select(c => c.Name).Distinct().ToList();
        if (foreign.Count == 0) return input;
        // A step that refuses the whole input refuses it for a reason of its own (keys numbered differently, say), which
        // leaving a column out below would wrongly blame on that column: let it throw as it is.
        _ = steps.Aggregate(input, (schema, step) => step.GetOutputSchema(schema));
        foreach (string name in foreign)
        {
            var schema = Without(input, [name]);
            for (int i = 0; i < steps.Count; i++)
            {
                try
                {
                    schema = steps[i].GetOutputSchema(schema);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    throw new NotSupportedException($"Column '{name}' of the input data is {input[name].Type}, which ONNX has no tensor type for, and step {i} " +
                        $"of the model, {CheckedConverter.Describe(steps[i])}, reads it. Convert it to a number or text before the pipeline, or deploy with " +
                        "ml.Model.Save instead of ONNX.", e);
                }
            }
        }
        return Without(input, [.. foreign]);
    }

    /// <summary>Numbers, Booleans, text and keys, as scalars or vectors.</summary>
    private static bool Carried(DataViewType type) => (type is VectorDataViewType vector ? vector.ItemType : type) is
        NumberDataViewType or BooleanDataViewType or TextDataViewType or KeyDataViewType;

    private static DataViewSchema Without(DataViewSchema schema, HashSet<string> names)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Where(c => !c.IsHidden && !names.Contains(c.Name))) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }
}
