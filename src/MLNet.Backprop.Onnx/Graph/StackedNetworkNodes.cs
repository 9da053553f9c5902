using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// An ensemble of networks of one shape as one stack of ONNX nodes, [M, N, ·] with M the networks, instead of M copies:
/// ONNX Runtime spends about half a microsecond per node on a row, whatever it computes, so M copies of the same nodes
/// cost M times the node overhead for tensors of a few hundred floats. The encodings every network computes alike (the
/// piecewise-linear bins, the robust clip, a periodic part's feature map and pass-through slots) are computed once; the
/// first layer's rows that read them are one <c>MatMul</c> of their concatenation [N, K] with every network's rows
/// stacked [M, K, units] (broadcast over M); the periodic embeddings, learned per network, are computed stacked
/// (<see cref="PeriodicNodes.Column"/>, then ω [M, 1, F, k], the per-feature layers [M, F, 2k, d]) and multiply their
/// rows [M, F·d, units]; the embedding tables, learned per network, are looked up for all networks and columns at once
/// (<see cref="StackedEmbeddingNodes"/>) and multiply their rows beside the periodic embeddings; every later layer is one batched <c>MatMul</c> [M, N, in] × [M, in, out]; the mean over the
/// networks is <c>ReduceMean</c> over M, plus 0 or NaN for a row with a non-finite feature. Each product is the same
/// sum as a network's own, its terms grouped otherwise: the scores agree with the library's to float rounding (the
/// export tests hold ONNX Runtime to 1e-5). Default churn model (4 networks): 44 nodes instead of 188.
/// </summary>
internal static class StackedNetworkNodes
{
    /// <summary>Whether <paramref name="networks"/> (two or more) have one shape: the same layers and activations, and
    /// input parts of the same kinds and rows, whose fixed encodings hold the same values (embedding tables of the same
    /// key columns and sizes, each network's own values).</summary>
    public static bool CanStack(IReadOnlyList<NeuralNetwork> networks)
    {
        if (networks.Count < 2) return false;
        var first = networks[0];
        foreach (var part in first.Input.Parts)
            if (part.Description.Kind is not (InputKind.Dense or InputKind.Sparse or InputKind.PiecewiseLinear or InputKind.ClippedDense or InputKind.Periodic
                    or InputKind.Embedding)
                || (part.Description.Kind == InputKind.Periodic && PeriodicOf(part) is null))
                return false;
        return networks.Skip(1).All(n => SameShape(first, n));
    }

    /// <summary>Appends the stack (<see cref="CanStack"/> must hold) on the features as given (no NonFiniteInputs in
    /// front: the stack makes a non-finite row's score NaN itself), and the key columns; returns the tensor of the
    /// networks' mean output, [N, outputs]. <paramref name="keys"/> holds the key tensor of each categorical column, in
    /// the model's order (see <see cref="StackedEmbeddingNodes"/>).</summary>
    public static string AppendMean(GraphWriter writer, IReadOnlyList<NeuralNetwork> networks, string features, IReadOnlyList<string> keys)
    {
        int m = networks.Count;
        var stage = networks[0].Input;
        // A row with a NaN or ±∞ feature scores NaN (NonFiniteInputs): 0·x summed over the row is 0, or NaN for such a row,
        // and is added to the mean once, instead of a check after every clip and Relu that would otherwise hide the NaN.
        // A model of categorical columns alone reads no features (and its tables hold finite values).
        string? rowNaN = stage.Parts.All(p => p.Description.Kind == InputKind.Embedding) ? null
            : writer.Op("ReduceSum", "NonFinite/RowZeroOrNaN", [writer.Op("Mul", "NonFinite/ZeroTimesX", [features, writer.Scalar("NonFinite/Zero", 0f)])],
                GraphWriter.Attribute("axes", [1L]), GraphWriter.Attribute("keepdims", 1L));
        int units = stage.Layer.OutputSize;
        // The first layer's inputs: the encodings read alike, [N, ·], and the networks' own embeddings, [M, N, ·], each
        // with the rows of W they multiply (per column of the tensor: first row within the layer, count, and the columns it
        // spans, whose rows beyond the count are zeros).
        var shared = new List<Block>();
        var own = new List<Block>();
        var tables = new List<(int Part, int FirstRow)>();
        for (int p = 0, firstRow = 0; p < stage.Parts.Count; firstRow += stage.Parts[p].Description.Rows, p++)
        {
            var part = stage.Parts[p];
            var description = part.Description;
            string name = $"Stack/L0/P{p}";
            switch (description.Kind)
            {
                case InputKind.Dense or InputKind.Sparse:
                    shared.Add(new(features, firstRow, description.Rows));
                    break;
                case InputKind.PiecewiseLinear:
                    shared.Add(new(PiecewiseLinearNodes.Encode(writer, description.Bins!, features, name, keepNaN: false), firstRow, description.Rows));
                    break;
                case InputKind.ClippedDense:
                    shared.Add(new(RobustClipNodes.Clip(writer, description.Clip!, features, name, keepNaN: false), firstRow, description.Rows));
                    break;
                case InputKind.Embedding:
                    tables.Add((p, firstRow));
                    break;
                default:
                    string input = part is ClippedFeaturesInput clipped ? RobustClipNodes.Clip(writer, clipped.Description.Clip!, features, name + "Robust", keepNaN: false) : features;
                    var settings = description.PeriodicSettings!;
                    int embeddedRows = settings.Embedded.Length * settings.Width;
                    own.Add(new(Embeddings(writer, networks.Select(n => PeriodicOf(n.Input.Parts[p])!).ToArray(), input, name), firstRow, embeddedRows));
                    if (settings.PassThrough.Length > 0)
                        shared.Add(new(PeriodicNodes.PassThrough(writer, settings, input, name), firstRow + embeddedRows, settings.PassThrough.Length));
                    break;
            }
        }
        if (tables.Count > 0)
            foreach (var group in StackedEmbeddingNodes.Append(writer, networks, tables, keys, "Stack/L0/Embedding"))
                own.Add(new(group.Tensor, [.. group.Columns.Select(c => (c.FirstRow, c.Rows, group.Width))]));
        string? z = null;
        foreach (var (blocks, hint) in new[] { (shared, "Shared"), (own, "Own") })
        {
            if (blocks.Count == 0) continue;
            string x = blocks.Count == 1 ? blocks[0].Tensor
                : writer.Op("Concat", $"Stack/L0/{hint}X", blocks.Select(b => b.Tensor), GraphWriter.Attribute("axis", hint == "Shared" ? 1L : 2L));
            int rows = blocks.Sum(b => b.Columns.Sum(c => c.Width));
            var w = new float[(long)m * rows * units];
            int at = 0;
            foreach (var network in networks)
            {
                var weights = network.Input.Layer.Weights.Span;
                foreach (var (firstRow, count, width) in blocks.SelectMany(b => b.Columns))
                {
                    weights.Slice(firstRow * units, count * units).CopyTo(w.AsSpan(at));
                    at += width * units; // the rows beyond count stay zero: they meet a table's padding
                }
            }
            string product = writer.Op("MatMul", $"Stack/L0/{hint}XW", [x, writer.Floats($"Stack/L0/{hint}W", [m, rows, units], w)]);
            z = z is null ? product : writer.Op("Add", "Stack/L0/XWSum", [z, product]);
        }
        string a = writer.Op("Add", "Stack/L0/Z", [z!, writer.Floats("Stack/L0/B", [m, 1, units], Stacked(networks, n => n.Layers[0].Bias.Span))]);
        a = NetworkNodes.Activation(writer, networks[0].Layers[0], a, "Stack/L0/");
        for (int l = 1; l < networks[0].Layers.Count; l++)
        {
            var layer = networks[0].Layers[l];
            string name = $"Stack/L{l}/";
            string product = writer.Op("MatMul", name + "XW", [a, writer.Floats(name + "W", [m, layer.InputSize, layer.OutputSize], Stacked(networks, n => n.Layers[l].Weights.Span))]);
            string zl = writer.Op("Add", name + "Z", [product, writer.Floats(name + "B", [m, 1, layer.OutputSize], Stacked(networks, n => n.Layers[l].Bias.Span))]);
            a = NetworkNodes.Activation(writer, layer, zl, name);
        }
        string mean = writer.Op("ReduceMean", "EnsembleMean", [a], GraphWriter.Attribute("axes", [0L]), GraphWriter.Attribute("keepdims", 0L));
        return rowNaN is null ? mean : writer.Op("Add", "NonFinite/Checked", [mean, rowNaN]);
    }

    /// <summary>A tensor of the first layer's inputs and, per group of its columns, the rows of W they multiply.</summary>
    private sealed record Block(string Tensor, IReadOnlyList<(int FirstRow, int Rows, int Width)> Columns)
    {
        public Block(string tensor, int firstRow, int rows) : this(tensor, [(firstRow, rows, rows)]) { }
    }

    /// <summary>Every network's periodic embeddings of the same (clipped) features, [M, N, F·d]: the feature map once, the
    /// rest as <see cref="PeriodicNodes.Embed"/> computes it, with the networks' learned values stacked.</summary>
    private static string Embeddings(GraphWriter writer, PeriodicInput[] parts, string features, string name)
    {
        var settings = parts[0].Description.PeriodicSettings!;
        int m = parts.Length, f = settings.Embedded.Length, k = settings.Frequencies, d = settings.Width;
        string column = PeriodicNodes.Column(writer, settings, features, name);
        var omega = parts.SelectMany(p => p.Frequencies.Values.Select(PeriodicInput.Omega)).ToArray();
        string angle = writer.Op("Mul", name + "PeriodicAngle", [column, writer.Floats(name + "PeriodicOmega", [m, 1, f, k], omega)]);
        string v = writer.Op("Concat", name + "PeriodicV", [writer.Op("Sin", name + "PeriodicSin", [angle]), writer.Op("Cos", name + "PeriodicCos", [angle])],
            GraphWriter.Attribute("axis", 3L));
        string byFeature = writer.Op("Transpose", name + "PeriodicVByFeature", [v], GraphWriter.Attribute("perm", [0L, 2L, 1L, 3L]));
        string linear = writer.Op("MatMul", name + "PeriodicLinear", [byFeature,
            writer.Floats(name + "PeriodicL", [m, f, 2 * k, d], Stacked(parts, p => p.Weights.Values))]);
        string byRow = writer.Op("Transpose", name + "PeriodicByRow", [linear], GraphWriter.Attribute("perm", [0L, 2L, 1L, 3L]));
        string pre = writer.Op("Add", name + "PeriodicPre", [byRow, writer.Floats(name + "PeriodicB", [m, 1, f, d], Stacked(parts, p => p.Biases.Values))]);
        string relu = writer.Op("Relu", name + "PeriodicRelu", [pre]);
        return writer.Op("Reshape", name + "PeriodicE", [relu, writer.Int64s(name + "PeriodicEShape", [3], m, -1, (long)f * d)]);
    }

    private delegate ReadOnlySpan<float> Values<T>(T item);

    private static float[] Stacked<T>(IReadOnlyList<T> items, Values<T> values)
    {
        var all = new List<float>();
        foreach (var item in items) all.AddRange(values(item).ToArray());
        return [.. all];
    }

    private static PeriodicInput? PeriodicOf(IInputPart part) => part switch
    {
        PeriodicInput periodic => periodic,
        ClippedFeaturesInput { Inner: PeriodicInput periodic } => periodic,
        _ => null,
    };

    private static bool SameShape(NeuralNetwork a, NeuralNetwork b)
    {
        if (a.Layers.Count != b.Layers.Count || a.Input.Parts.Count != b.Input.Parts.Count) return false;
        for (int l = 0; l < a.Layers.Count; l++)
            if (a.Layers[l].Description != b.Layers[l].Description) return false;
        for (int p = 0; p < a.Input.Parts.Count; p++)
        {
            IInputPart x = a.Input.Parts[p], y = b.Input.Parts[p];
            InputPartDescription dx = x.Description, dy = y.Description;
            if (dx.Kind != dy.Kind || dx.Rows != dy.Rows || dx.Slots != dy.Slots || (x is ClippedFeaturesInput) != (y is ClippedFeaturesInput)) return false;
            if (x is EmbeddingInput ex && y is EmbeddingInput ey && ex.KeyColumn != ey.KeyColumn) return false;
            if (!SameBins(dx.Bins, dy.Bins) || !SameClip(dx.Clip, dy.Clip) || !SamePeriodic(dx.PeriodicSettings, dy.PeriodicSettings)) return false;
        }
        return true;
    }

    private static bool SameBins(QuantileBins? x, QuantileBins? y) => ReferenceEquals(x, y) ||
        (x is not null && y is not null && x.Features == y.Features && Enumerable.Range(0, x.Features).All(f => x.Edges(f).SequenceEqual(y.Edges(f))));

    private static bool SameClip(RobustClip? x, RobustClip? y) => ReferenceEquals(x, y) ||
        (x is not null && y is not null && x.Centers.SequenceEqual(y.Centers) && x.InverseScales.SequenceEqual(y.InverseScales));

    private static bool SamePeriodic(PeriodicFeatures? x, PeriodicFeatures? y) => ReferenceEquals(x, y) ||
        (x is not null && y is not null && x.Frequencies == y.Frequencies && x.Width == y.Width && x.Embedded.SequenceEqual(y.Embedded)
         && x.PassThrough.SequenceEqual(y.PassThrough) && x.Offsets.SequenceEqual(y.Offsets) && x.InverseScales.SequenceEqual(y.InverseScales));
}
