using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests.Fuzzing;

/// <summary>
/// One shard-set fuzz case, from its seed alone: a copy of a small shard set (with or without example weights, with or
/// without a categorical column's keys in its rows) whose
/// manifest and shards are damaged by one to three edits a user, a disk or an attacker could make: a field set to null,
/// another number, a string or an array; a shard file named by an absolute, "../", device or duplicate path; shards
/// dropped, repeated or reordered; the JSON cut short or a byte flipped; a shard truncated, grown, its header or a row
/// changed, replaced by a link to /dev/zero or deleted, sometimes with the manifest's SHA-256 updated to match.
/// </summary>
internal sealed class ShardFuzzCase
{
    private static readonly MLContext Ml = new(seed: 0);
    private static readonly Lazy<(string Directory, IDataView Data)>[] Bases =
    [
        new(() => Base(weights: false, keyed: false)), new(() => Base(weights: true, keyed: false)),
        new(() => Base(weights: false, keyed: true)), new(() => Base(weights: true, keyed: true)),
    ];

    public required string Directory { get; init; }
    public required IDataView Data { get; init; }
    public required bool Weighted { get; init; }
    public required bool Keyed { get; init; }
    public required string Description { get; init; }

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"mlbp-shard-fuzz-{Environment.ProcessId}");

    private static (string, IDataView) Base(bool weights, bool keyed, string? directory = null)
    {
        var data = Ml.Data.LoadFromEnumerable(Tabular.Rows(90, 7));
        if (keyed) data = Ml.Transforms.Conversion.MapValueToKey(KeyColumn, "Class").Fit(data).Transform(data);
        directory ??= Path.Combine(Root, (weights ? "base-weighted" : "base") + (keyed ? "-keyed" : ""));
        ShardSet.Write(Ml, data, directory, 3, Options(weights, keyed));
        return (directory, data);
    }

    /// <summary>The categorical column of the keyed shard sets.</summary>
    public const string KeyColumn = "ClassKey";

    public static BackpropTrainer.Options Options(bool weights, bool keyed = false) => new()
    {
        Task = BackpropTask.BinaryClassification, MicroBatchSize = 8, BatchSize = 16, ExampleWeightColumnName = weights ? "Weight" : null,
        CategoricalColumnNames = keyed ? [KeyColumn] : [],
    };

    public static ShardFuzzCase Generate(int seed)
    {
        var r = new Random(seed);
        bool weighted = r.Next(2) == 0;
        bool keyed = new Random(~seed).Next(2) == 0; // its own draw: the edits of a seed stay those of unkeyed sets
        var (source, data) = Bases[(weighted ? 1 : 0) + (keyed ? 2 : 0)].Value;
        string directory = Path.Combine(Root, $"case-{seed}");
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.GetFiles(source)) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        var edits = new List<string>();
        int count = r.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            // An edit that does not apply to what earlier edits left (a manifest that is no object any more, say) is skipped.
            try { edits.Add(Edit(r, directory)); }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IOException or FormatException)
            {
                edits.Add($"an edit did not apply ({e.GetType().Name})");
            }
        }
        return new ShardFuzzCase
        {
            Directory = directory, Data = data, Weighted = weighted, Keyed = keyed,
            Description = $"{(weighted ? "weighted " : "")}{(keyed ? "keyed " : "")}{string.Join("; ", edits)}",
        };
    }

    /// <summary>A base set written afresh into <paramref name="directory"/>, with no edit (the oracle's control: it must
    /// compute); the oracle deletes it.</summary>
    public static ShardFuzzCase Undamaged(bool weighted, bool keyed, string directory)
    {
        var (_, data) = Base(weighted, keyed, directory);
        return new ShardFuzzCase { Directory = directory, Data = data, Weighted = weighted, Keyed = keyed, Description = "no edit" };
    }

    private static string ManifestPath(string directory) => Path.Combine(directory, ShardSet.ManifestFileName);

    private static string Edit(Random r, string directory)
    {
        string manifest = ManifestPath(directory);
        var shards = System.IO.Directory.GetFiles(directory, "*.mlbshard").Order(StringComparer.Ordinal).ToArray();
        switch (r.Next(10))
        {
            case 0: case 1: case 2:
                return EditJson(r, manifest);
            case 3:
            {
                var bytes = File.ReadAllBytes(manifest);
                if (bytes.Length == 0) return "manifest left empty";
                if (r.Next(2) == 0) { File.WriteAllBytes(manifest, bytes[..r.Next(bytes.Length)]); return "manifest cut short"; }
                bytes[r.Next(bytes.Length)] ^= (byte)(1 << r.Next(8));
                File.WriteAllBytes(manifest, bytes);
                return "manifest byte flipped";
            }
            case 4:
            {
                string text = new[] { "", "null", "[]", "{}", "{\"shards\":[null]}", "{\"summary\":null}", "{\"version\":1,\"shards\":{}}", "\"x\"" }[r.Next(8)];
                File.WriteAllText(manifest, text);
                return $"manifest replaced by '{text}'";
            }
            default:
            {
                if (shards.Length == 0) return "no shard left to damage";
                string shard = shards[r.Next(shards.Length)];
                string what = DamageShard(r, shard);
                if (File.Exists(shard) && new FileInfo(shard).LinkTarget is null && r.Next(3) == 0 && new FileInfo(shard).Length < 1 << 20)
                {
                    // As if the shard were rewritten together with its manifest entry: the hash no longer tells.
                    string hash = MLNet.Backprop.Distributed.Shards.ShardFile.Hash(shard);
                    try
                    {
                        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
                        foreach (var entry in json["shards"]!.AsArray())
                            if (entry?["file"]?.GetValue<string>() == Path.GetFileName(shard)) entry["sha256"] = hash;
                        File.WriteAllText(manifest, json.ToJsonString());
                        what += ", manifest hash updated";
                    }
                    catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
                    {
                        // the manifest is already damaged beyond editing
                    }
                }
                return what;
            }
        }
    }

    private static string DamageShard(Random r, string shard)
    {
        string name = Path.GetFileName(shard);
        if (new FileInfo(shard).LinkTarget is not null) return $"{name} left as a link";
        if (new FileInfo(shard).Length == 0) return $"{name} left empty";
        switch (r.Next(7))
        {
            case 0:
            {
                using var file = new FileStream(shard, FileMode.Open);
                long length = r.Next(3) == 0 ? r.Next(64) : (long)(file.Length * r.NextDouble());
                file.SetLength(length);
                return $"{name} truncated to {length}";
            }
            case 1:
            {
                using var file = new FileStream(shard, FileMode.Open);
                long length = file.Length + (r.Next(2) == 0 ? r.Next(1, 64) : 1L << r.Next(20, 34)); // up to 16 GB, sparse
                file.SetLength(length);
                return $"{name} grown to {length}";
            }
            case 2:
            {
                using var file = new FileStream(shard, FileMode.Open);
                int offset = new[] { 0, 8, 12, 16, 20, 24 }[r.Next(6)];
                file.Position = offset;
                var value = new[] { 0L, -1L, 1L, 2L, int.MaxValue, long.MaxValue, 1L << 40 }[r.Next(7)];
                file.Write(offset == 24 ? BitConverter.GetBytes(value) : BitConverter.GetBytes((int)value));
                return $"{name} header at {offset} set to {value}";
            }
            case 3:
            {
                using var file = new FileStream(shard, FileMode.Open);
                long at = file.Length <= 68 ? 0 : 64 + 4 * (long)(r.NextDouble() * ((file.Length - 64) / 4));
                file.Position = at;
                file.Write(BitConverter.GetBytes(new[] { float.NaN, float.PositiveInfinity, 3e38f, -1e30f, 7f }[r.Next(5)]));
                return $"{name} value at {at} changed";
            }
            case 4 when !OperatingSystem.IsWindows():
                File.Delete(shard);
                File.CreateSymbolicLink(shard, new[] { "/dev/zero", "/dev/null", "/proc/self/status", "/etc/hostname" }[r.Next(4)]);
                return $"{name} linked to a device or system file";
            case 5:
                File.Delete(shard);
                return $"{name} deleted";
            default:
            {
                using var file = new FileStream(shard, FileMode.Open);
                file.Position = (long)(r.NextDouble() * file.Length);
                int b = file.ReadByte();
                file.Position--;
                file.WriteByte((byte)(b ^ (1 << r.Next(8))));
                return $"{name} byte flipped";
            }
        }
    }

    private static string EditJson(Random r, string manifest)
    {
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(manifest))?.AsObject() ?? throw new InvalidOperationException(); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { return "manifest not JSON any more"; }
        var nodes = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        void Walk(JsonNode node, string path)
        {
            if (node is JsonObject o) foreach (var (k, v) in o.ToList()) { nodes.Add((o, k, -1, $"{path}.{k}")); if (v is not null) Walk(v, $"{path}.{k}"); }
            if (node is JsonArray a) for (int i = 0; i < a.Count; i++) { nodes.Add((a, null, i, $"{path}[{i}]")); if (a[i] is { } v) Walk(v, $"{path}[{i}]"); }
        }
        Walk(json, "");
        string description;
        double u = r.NextDouble();
        if (u < 0.35)
        {
            var shards = json["shards"] as JsonArray;
            string[] names = ["../outside.mlbshard", "/etc/hostname", "/dev/zero", "", ".", "..", "sub/x.mlbshard", "nonexistent.mlbshard", "shard-00000.mlbshard",
                new string('a', 300), "a\u0000b", "C:\\x.mlbshard", "shards.json", "~/x", "  "];
            string name = names[r.Next(names.Length)];
            if (shards is { Count: > 0 } && shards[r.Next(shards.Count)] is JsonObject entry) entry["file"] = name;
            else json["shards"] = new JsonArray(new JsonObject { ["file"] = name, ["rows"] = 1, ["sha256"] = new string('0', 64) });
            description = $"a shard's file set to '{name.Replace("\0", "\\0")}'";
        }
        else if (u < 0.5 && json["shards"] is JsonArray list && list.Count > 0)
        {
            int i = r.Next(list.Count);
            switch (r.Next(3))
            {
                case 0: list.RemoveAt(i); description = $"shard {i} removed"; break;
                case 1: list.Add(list[i]!.DeepClone()); description = $"shard {i} listed twice"; break;
                default: var moved = list[i]!; list.RemoveAt(i); list.Insert(0, moved); description = $"shard {i} moved first"; break;
            }
        }
        else if (nodes.Count == 0)
        {
            json["columns"] = 4;
            description = "columns added to an empty manifest";
        }
        else
        {
            var (parent, key, index, path) = nodes[r.Next(nodes.Count)];
            JsonNode? value = r.Next(9) switch
            {
                0 => null,
                1 => JsonValue.Create(-1),
                2 => JsonValue.Create(0),
                3 => JsonValue.Create(1e300),
                4 => JsonValue.Create("NaN"),
                5 => new JsonArray(1, 2),
                6 => new JsonObject(),
                7 => JsonValue.Create(true),
                _ => JsonValue.Create(r.Next(-3, 100_000)),
            };
            if (key is not null) ((JsonObject)parent)[key] = value;
            else ((JsonArray)parent)[index] = value;
            description = $"{path} set to {value?.ToJsonString() ?? "null"}";
        }
        File.WriteAllText(manifest, json.ToJsonString(), Encoding.UTF8);
        return description;
    }
}
