using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Export;

/// <summary>
/// A graph cut down to scoring: only the outputs of the given columns (the trainer's and those of the steps after it,
/// with their slot names) and only the nodes, constants and inputs they need. A pipeline that maps the label
/// (<c>MapValueToKey("Label")</c>) otherwise makes the label a graph input that every consumer must send.
/// </summary>
internal static class ScoringGraph
{
    public static void Keep(GraphProto graph, IReadOnlyCollection<string> columns)
    {
        var kept = columns.SelectMany(c => new[] { c + OnnxFormat.OutputSuffix, OnnxFormat.SlotNamesOutput(c) }).ToHashSet(StringComparer.Ordinal);
        foreach (var output in graph.Output.Where(o => !kept.Contains(o.Name)).ToList()) graph.Output.Remove(output);

        // Back from the kept outputs: a node is needed when one of its outputs is.
        var needed = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var nodes = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var node in graph.Node)
            {
                if (nodes.Contains(node) || !node.Output.Any(needed.Contains)) continue;
                nodes.Add(node);
                foreach (string input in node.Input) grew |= input.Length > 0 && needed.Add(input);
                grew = true;
            }
        }
        foreach (var node in graph.Node.Where(n => !nodes.Contains(n)).ToList()) graph.Node.Remove(node);
        foreach (var tensor in graph.Initializer.Where(t => !needed.Contains(t.Name)).ToList()) graph.Initializer.Remove(tensor);
        foreach (var input in graph.Input.Where(i => !needed.Contains(i.Name)).ToList()) graph.Input.Remove(input);
        foreach (var info in graph.ValueInfo.Where(v => !needed.Contains(v.Name)).ToList()) graph.ValueInfo.Remove(info);
    }
}
