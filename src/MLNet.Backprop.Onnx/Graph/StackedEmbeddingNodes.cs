using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// The embedding tables of an ensemble's networks (one shape, <see cref="StackedNetworkNodes"/>) looked up for every
/// network at once: the keys of all categorical columns as one [N, C] index tensor, each column's rows offset into one
/// table per group, [M, rows, width] with M the networks, and one <c>Gather</c> per group giving [M, N, columns·width].
/// Key 0 (a missing or unseen value) reads row 0, the unknown vector, and so does a key beyond the trained count, as the
/// library's <c>EmbeddingInput</c> reads them: each table gets one more row, a copy of row 0, and a key reads row
/// min(key, trained rows) — one <c>Min</c> instead of a comparison and a choice. The tables are grouped by width; when
/// the zeros that widen every table to the widest one add no more values than the tables hold (or at most
/// <see cref="SmallPadding"/>), all columns are one group: the zeros meet zero rows of W, so the products are the
/// library's sums with exact zero terms added. Per-network lookups cost 8 nodes per column and network; these cost 4
/// for the keys (Concat, Cast, Min, Add of the offsets) and 2 per group (3 when there are several groups).
/// </summary>
internal static class StackedEmbeddingNodes
{
    /// <summary>Padding of at most this many values (256 KB of floats) is always accepted, whatever the tables' size.</summary>
    private const long SmallPadding = 65_536;

    /// <summary>One gathered group: its tensor [M, N, Σ width] and, per column in order, the rows of the first layer's W
    /// it multiplies (first row within the layer, the table's width) and the group's width (zero rows beyond the table's).</summary>
    public sealed record Group(string Tensor, IReadOnlyList<(int FirstRow, int Rows)> Columns, int Width);

    /// <summary>Appends the look-ups; <paramref name="parts"/> are the first network's embedding parts with their first
    /// row in the layer (every network's parts at the same index share their shape).</summary>
    public static IReadOnlyList<Group> Append(GraphWriter writer, IReadOnlyList<NeuralNetwork> networks, IReadOnlyList<(int Part, int FirstRow)> parts,
        IReadOnlyList<string> keys, string name)
    {
        int m = networks.Count, c = parts.Count;
        var first = parts.Select(p => (EmbeddingInput)networks[0].Input.Parts[p.Part]).ToArray();
        var trained = first.Select(e => e.Description.Slots).ToArray();
        var rows = trained.Select(r => r + 1).ToArray(); // and the copy of the unknown row, for the keys beyond the trained ones
        var widths = first.Select(e => e.Width).ToArray();
        long held = rows.Zip(widths, (r, w) => (long)r * w).Sum(), padded = (long)rows.Sum() * widths.Max();
        var groups = padded - held <= Math.Max(held, SmallPadding)
            ? [Enumerable.Range(0, c).ToArray()]
            : Enumerable.Range(0, c).GroupBy(i => widths[i]).Select(g => g.ToArray()).ToArray();

        // Each column's offset into its group's table.
        var offsets = new long[c];
        foreach (var group in groups)
            for (int g = 1; g < group.Length; g++) offsets[group[g]] = offsets[group[g - 1]] + rows[group[g - 1]];

        string key = Keys(writer, [.. first.Select(e => keys[e.KeyColumn])], trained, name);
        string row = writer.Op("Min", name + "Row", [key, writer.Int64s(name + "UnknownCopy", [c], [.. trained.Select(r => (long)r)])]);
        if (offsets.Any(o => o != 0)) row = writer.Op("Add", name + "TableRow", [row, writer.Int64s(name + "Offsets", [c], offsets)]);

        var result = new List<Group>();
        for (int g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            string suffix = groups.Length == 1 ? "" : $"G{g}";
            int width = group.Max(i => widths[i]), tableRows = group.Sum(i => rows[i]);
            string indices = groups.Length == 1 ? row
                : writer.Op("Gather", name + "Row" + suffix, [row, writer.Int64s(name + "Columns" + suffix, [group.Length], [.. group.Select(i => (long)i)])],
                    GraphWriter.Attribute("axis", 1L));
            // [M, table rows, width]: each network's tables one under the other, each row widened to the group's width with zeros.
            var table = new float[(long)m * tableRows * width];
            long at = 0;
            foreach (var network in networks)
                foreach (int i in group)
                {
                    var values = ((EmbeddingInput)network.Input.Parts[parts[i].Part]).Table.Values;
                    for (int r = 0; r < rows[i]; r++, at += width)
                        values.AsSpan((r < trained[i] ? r : 0) * widths[i], widths[i]).CopyTo(table.AsSpan((int)at));
                }
            string gathered = writer.Op("Gather", name + "Vectors" + suffix, [writer.Floats(name + "Table" + suffix, [m, tableRows, width], table), indices],
                GraphWriter.Attribute("axis", 1L));
            string flat = writer.Op("Reshape", name + "E" + suffix, [gathered, writer.Int64s(name + "EShape" + suffix, [3], m, -1, (long)group.Length * width)]);
            result.Add(new Group(flat, [.. group.Select(i => (parts[i].FirstRow, widths[i]))], width));
        }
        return result;
    }

    /// <summary>The key tensors ([N, 1] each, any integer type) as one int64 [N, C]: concatenated, then cast, when the
    /// graph declares them all of one type and rank 2; otherwise each cast and reshaped to [N, 1] first. uint64 keys are
    /// clamped to the trained counts before the cast (<see cref="KeyTensors"/>).</summary>
    private static string Keys(GraphWriter writer, string[] keys, int[] trained, string name)
    {
        var declared = keys.Select(k => KeyTensors.Declared(writer.Graph, k)).ToArray();
        bool alike = declared.All(d => d is { Rank: 2 } && d.Value.Type == declared[0]!.Value.Type);
        if (alike)
        {
            string all = keys.Length == 1 ? keys[0] : writer.Op("Concat", name + "Keys", keys, GraphWriter.Attribute("axis", 1L));
            int type = declared[0]!.Value.Type;
            if (type == OnnxFormat.Int64) return all;
            return writer.Op("Cast", name + "Key64", [KeyTensors.ClampUInt64(writer, all, type, [.. trained.Select(t => (long)t)], name)],
                GraphWriter.Attribute("to", (long)OnnxFormat.Int64));
        }
        var columns = keys.Select((k, i) => writer.Op("Reshape", name + $"Key{i}", [writer.Op("Cast", name + $"Key64_{i}",
            [KeyTensors.ClampUInt64(writer, k, [trained[i]], name + i)], GraphWriter.Attribute("to", (long)OnnxFormat.Int64)),
            writer.Int64s(name + $"KeyShape{i}", [2], -1, 1)])).ToArray();
        return columns.Length == 1 ? columns[0] : writer.Op("Concat", name + "Keys", columns, GraphWriter.Attribute("axis", 1L));
    }
}
