using System.Runtime.InteropServices;
using Google.Protobuf;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>Appends nodes and constants to an ONNX graph under names no existing node, value or initializer uses.</summary>
internal sealed class GraphWriter
{
    private readonly HashSet<string> _names = [];
    private readonly string _prefix;

    public GraphWriter(GraphProto graph, string prefix)
    {
        Graph = graph;
        _prefix = prefix;
        foreach (var node in graph.Node)
        {
            _names.UnionWith(node.Input);
            _names.UnionWith(node.Output);
            if (node.HasName) _names.Add(node.Name);
        }
        foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo)) _names.Add(value.Name);
        foreach (var tensor in graph.Initializer) _names.Add(tensor.Name);
    }

    public GraphProto Graph { get; }

    /// <summary>"prefix/hint", or "prefix/hint_2"... when taken.</summary>
    public string Fresh(string hint)
    {
        string name = $"{_prefix}/{hint}";
        for (int i = 2; !_names.Add(name); i++) name = $"{_prefix}/{hint}_{i}";
        return name;
    }

    /// <summary>Adds a node of the default domain with one output; returns the output's name.</summary>
    public string Op(string opType, string hint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Fresh(hint);
        Graph.Node.Add(Node(opType, Fresh(opType), inputs, [output], "", attributes));
        return output;
    }

    /// <summary>A float initializer stored as raw little-endian bytes; returns its name.</summary>
    public string Floats(string hint, long[] dims, ReadOnlySpan<float> values)
    {
        string name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = OnnxFormat.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Scalar(string hint, float value) => Floats(hint, [], [value]);

    public string Int64s(string hint, long[] dims, params long[] values)
    {
        string name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = OnnxFormat.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A uint64 initializer (values 0 to <see cref="long.MaxValue"/>); returns its name.</summary>
    public string UInt64s(string hint, long[] dims, params long[] values)
    {
        string name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = OnnxFormat.UInt64 };
        tensor.Dims.AddRange(dims);
        tensor.Uint64Data.AddRange(values.Select(v => (ulong)v));
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Strings(string hint, IReadOnlyList<string> values)
    {
        string name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = OnnxFormat.String };
        tensor.Dims.Add(values.Count);
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Declares graph output <paramref name="name"/> = Identity(<paramref name="tensor"/>), of the given shape.</summary>
    public void Output(string name, string tensor, int elementType, params long[] dims)
    {
        _names.Add(name);
        Graph.Node.Add(Node("Identity", Fresh("Identity"), [tensor], [name], ""));
        Graph.Output.Add(TensorInfo(name, elementType, dims));
    }

    /// <summary>ML.NET's slot-names convention for <paramref name="column"/> (see <see cref="OnnxFormat.SlotNamesNode"/>).</summary>
    public void SlotNames(string column, IReadOnlyList<string> names)
    {
        string keys = Strings("slotNames", names);
        string output = OnnxFormat.SlotNamesOutput(column);
        _names.Add(output);
        Graph.Node.Add(Node("LabelEncoder", OnnxFormat.SlotNamesNode(column), [keys], [output], OnnxFormat.MlDomain,
            Attribute("keys_strings", names), Attribute("values_int64s", Enumerable.Range(0, names.Count).Select(i => (long)i).ToArray())));
        Graph.Output.Add(TensorInfo(output, OnnxFormat.Int64, names.Count));
    }

    public static NodeProto Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, string domain,
        params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A tensor value info; a dimension of -1 is left unknown (the batch).</summary>
    public static ValueInfoProto TensorInfo(string name, int elementType, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims) shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension() : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } };
    }

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Attribute(string name, IReadOnlyList<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }
}
