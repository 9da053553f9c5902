using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Export;

/// <summary>
/// A whole fitted pipeline as one ONNX graph: the steps before the <see cref="BackpropTransformer"/> by ML.NET's
/// converter (checked), the network and its task head as appended nodes reading the feature column's tensor, and the
/// steps after it (e.g. <c>MapKeyToValue</c>) by ML.NET's converter again, bound to the tensors of the columns they read.
/// Inputs and outputs follow ML.NET's converter: one graph input per visible column of the input data, one output
/// "&lt;Column&gt;.output" per visible column of the result.
/// </summary>
internal static class PipelineExporter
{
    private const string Scope = "Backprop";

    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data it takes.</param>
    /// <param name="scoringOnly">Keep only the outputs of the trainer and the steps after it (all produced columns when
    /// the pipeline has no trainer) and the inputs they need.</param>
    public static ModelProto Export(ITransformer model, DataViewSchema inputSchema, bool scoringOnly = false)
    {
        var steps = Flatten(model).ToList();
        var mlps = steps.Select((s, i) => (s, i)).Where(p => p.s is BackpropTransformer).ToList();
        if (mlps.Count > 1)
            throw new NotSupportedException($"The model contains {mlps.Count} BackpropTransformers (steps {string.Join(", ", mlps.Select(p => p.i))}); ONNX export supports one per model.");
        foreach (var (step, _) in mlps)
            ModelSize.Check(((BackpropTransformer)step).Model, ModelSize.OnnxWeightBytes, "an ONNX file (protobuf limits a model to 2 GB)",
                "Deploy with ml.Model.SaveBackprop instead (up to 1 GiB per model), or train a smaller network.");
        inputSchema = InputColumns.Exportable(steps, inputSchema);
        var schemas = new List<DataViewSchema> { inputSchema };
        foreach (var step in steps) schemas.Add(step.GetOutputSchema(schemas[^1]));
        if (mlps.Count == 0)
        {
            var whole = CheckedConverter.Convert(steps, inputSchema, 0);
            if (scoringOnly) ScoringGraph.Keep(whole.Graph, ProducedColumns(schemas[0], schemas[^1]));
            return Finish(whole);
        }
        int at = mlps[0].i;
        var mlp = (BackpropTransformer)steps[at];

        var onnx = CheckedConverter.Convert(steps[..at], inputSchema, 0);
        var graph = onnx.Graph;
        string features = mlp.FeatureColumnName + OnnxFormat.OutputSuffix;
        // A model of categorical columns alone reads no feature tensor (its input stage has no dense or sparse block).
        if (mlp.Model.FeatureCount > 0 && !graph.Output.Any(o => o.Name == features))
            throw new InvalidOperationException($"ML.NET's converter wrote no tensor for the feature column '{mlp.FeatureColumnName}'.");

        var keys = mlp.Model.CategoricalColumnNames.Select(column => column + OnnxFormat.OutputSuffix).ToArray();
        foreach (var (key, column) in keys.Zip(mlp.Model.CategoricalColumnNames))
            if (!graph.Output.Any(o => o.Name == key))
                throw new InvalidOperationException($"ML.NET's converter wrote no tensor for the categorical column '{column}'.");
        var writer = new GraphWriter(graph, Scope);
        var head = TaskHead.Append(writer, mlp.Model, NetworkNodes.AppendModel(writer, mlp.Model, features, keys));
        foreach (var column in head) RemoveColumn(graph, column.Column);
        if (mlp.Model.Task == BackpropTask.MulticlassClassification) writer.SlotNames("Score", TaskHead.ClassNames(mlp.Model));

        var suffix = steps[(at + 1)..];
        if (suffix.Count == 0)
        {
            foreach (var column in head) writer.Output(column.Column + OnnxFormat.OutputSuffix, column.Tensor, column.ElementType, -1, column.Width);
        }
        else
        {
            // Which tensor holds each column after the trainer: the prefix's "X.output" values, then the head's.
            var tensors = graph.Output.Where(o => o.Name.EndsWith(OnnxFormat.OutputSuffix, StringComparison.Ordinal))
                .ToDictionary(o => o.Name[..^OnnxFormat.OutputSuffix.Length], o => o.Name);
            foreach (var column in head) tensors[column.Column] = column.Tensor;
            AppendSuffix(graph, CheckedConverter.Convert(suffix, schemas[at + 1], at + 1).Graph, tensors);
        }
        if (scoringOnly) ScoringGraph.Keep(graph, ProducedColumns(schemas[at], schemas[^1]));
        return Finish(onnx);
    }

    /// <summary>The visible columns of <paramref name="output"/> that the steps between the two schemas produced.</summary>
    private static List<string> ProducedColumns(DataViewSchema input, DataViewSchema output) =>
        [.. output.Where(c => !c.IsHidden && (input.GetColumnOrNull(c.Name) is null || output.Count(o => o.Name == c.Name) > input.Count(i => i.Name == c.Name)))
            .Select(c => c.Name).Distinct()];

    /// <summary>Merges the suffix's graph: its inputs bound to our tensors, its other names scoped, its outputs (those of
    /// the final schema) replacing ours.</summary>
    private static void AppendSuffix(GraphProto graph, GraphProto suffix, Dictionary<string, string> tensors)
    {
        // The prefix's outputs give way to the suffix's, which describe the final schema; their values are renamed so
        // that the names "X.output" are free.
        const string Prefix = "prefix/";
        var renamed = graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var node in graph.Node)
        {
            Rename(node.Input, n => renamed.Contains(n) ? Prefix + n : n);
            Rename(node.Output, n => renamed.Contains(n) ? Prefix + n : n);
        }
        foreach (var key in tensors.Keys.ToList()) if (renamed.Contains(tensors[key])) tensors[key] = Prefix + tensors[key];
        graph.Output.Clear();

        var inputs = suffix.Input.Select(i => i.Name).ToHashSet();
        var outputs = suffix.Output.Select(o => o.Name).ToHashSet();
        string Map(string name) => inputs.Contains(name)
            ? tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidOperationException($"The steps after the trainer read column '{name}', which the graph has no tensor for.")
            : outputs.Contains(name) ? name : "suffix/" + name;
        foreach (var node in suffix.Node)
        {
            Rename(node.Input, Map);
            Rename(node.Output, Map);
            node.Name = "suffix/" + node.Name;
            graph.Node.Add(node);
        }
        foreach (var initializer in suffix.Initializer)
        {
            initializer.Name = Map(initializer.Name);
            graph.Initializer.Add(initializer);
        }
        graph.Output.AddRange(suffix.Output);
    }

    /// <summary>Removes the graph output of <paramref name="column"/> (an input column the model's output hides) and the
    /// nodes that only produced it.</summary>
    private static void RemoveColumn(GraphProto graph, string column)
    {
        string output = column + OnnxFormat.OutputSuffix, slotOutput = OnnxFormat.SlotNamesOutput(column);
        foreach (var o in graph.Output.Where(o => o.Name == output || o.Name == slotOutput).ToList()) graph.Output.Remove(o);
        foreach (var n in graph.Node.Where(n => n.Output.Contains(output) || n.Output.Contains(slotOutput)).ToList()) graph.Node.Remove(n);
    }

    private static void Rename(Google.Protobuf.Collections.RepeatedField<string> names, Func<string, string> map)
    {
        for (int i = 0; i < names.Count; i++) if (names[i].Length > 0) names[i] = map(names[i]);
    }

    private static ModelProto Finish(ModelProto model)
    {
        DeclaredShapes.Normalize(model.Graph);
        model.IrVersion = OnnxFormat.IrVersion;
        SetOpset(model, "", OnnxFormat.Opset);
        if (model.Graph.Node.Any(n => n.Domain == OnnxFormat.MlDomain)) SetOpset(model, OnnxFormat.MlDomain, OnnxFormat.MlOpset);
        model.ProducerName = "MLNet.Backprop.Onnx";
        model.ProducerVersion = typeof(PipelineExporter).Assembly.GetName().Version?.ToString() ?? "";
        model.DocString = "ML.NET pipeline exported by MLNet.Backprop.Onnx: built-in transforms by Microsoft.ML.OnnxConverter, the MLP as ONNX nodes.";
        return model;
    }

    private static void SetOpset(ModelProto model, string domain, long version)
    {
        var existing = model.OpsetImport.FirstOrDefault(o => o.Domain == domain);
        if (existing is null) model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        else if (existing.Version != version)
            throw new InvalidOperationException($"ML.NET's converter wrote opset {existing.Version} of domain '{domain}'; MLNet.Backprop.Onnx expects {version}.");
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>, after checking that protobuf can hold it.</summary>
    /// <exception cref="NotSupportedException">The model is larger than 2 GB.</exception>
    public static void Write(ModelProto model, Stream stream)
    {
        long bytes = model.Graph.Initializer.Sum(t => (long)t.RawData.Length + 4L * t.FloatData.Count + 8L * t.Int64Data.Count + t.StringData.Sum(v => (long)v.Length));
        if (bytes > ModelSize.OnnxWeightBytes)
            throw new NotSupportedException($"The ONNX model's constants take {bytes:N0} bytes; protobuf limits a model to 2 GB. Nothing was written. " +
                "Deploy with ml.Model.SaveBackprop instead, or train a smaller network.");
        model.WriteTo(stream);
    }
}
