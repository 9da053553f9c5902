using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>
/// Model files made to exhaust memory or to break the reader after loading: entries that inflate far beyond their
/// compressed size, sizes declared beyond the data present, and stored histories and diagnoses that are consistent
/// with their checksums but not with themselves. Each is refused with <see cref="InvalidDataException"/> naming the
/// entry or field, while the loading thread allocates a bounded amount, far below what the file claims.
/// </summary>
public class HostileModelFileTests
{
    private const long MemoryBound = 32L << 20;
    private readonly MLContext _ml = new(seed: 1);
    private readonly byte[] _bytes;

    public HostileModelFileTests()
    {
        var data = Tabular.Load(_ml, 300, 1);
        var model = _ml.Transforms.NormalizeMeanVariance("Features")
            .Append(new BackpropTrainer(_ml, new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 1, NumericEncoding = NumericEncoding.None /* a dense input part the tests rewrite */ }))
            .Fit(data);
        var stream = new MemoryStream();
        _ml.Model.SaveBackprop(model, data.Schema, stream);
        _bytes = stream.ToArray();
    }

    private (InvalidDataException Error, long Allocated, TimeSpan Elapsed) Load(byte[] file)
    {
        var watch = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Should.Throw<InvalidDataException>(() => _ml.Model.LoadBackprop(new MemoryStream(file), out _));
        return (ex, GC.GetAllocatedBytesForCurrentThread() - before, watch.Elapsed);
    }

    private static void WriteZeros(Stream stream, long count)
    {
        var zeros = new byte[1 << 20];
        for (long written = 0; written < count; written += zeros.Length) stream.Write(zeros, 0, (int)Math.Min(zeros.Length, count - written));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_EntryInflatingTo512MB_RefusedQuicklyWithinAMemoryBound(bool checksumMatches)
    {
        // ~0.5 MB of deflate that inflates to 512 MB (ratio ~1000): a zip bomb, with or without a recomputed checksum.
        var bomb = ContainerSurgery.Replace(_bytes, "backprop-mlp", s => WriteZeros(s, 512L << 20), checksumMatches);

        var (error, allocated, elapsed) = Load(bomb);

        error.Message.ShouldContain("backprop-mlp");
        allocated.ShouldBeLessThan(MemoryBound, $"{allocated:N0} bytes allocated for a {bomb.Length:N0}-byte file");
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Load_EntryInflatingModestlyWithWrongChecksum_RefusedWithoutBufferingIt()
    {
        // 48 MB of random-ish bytes barely compress, so no ratio check applies: the checksum, streamed, refuses it.
        var random = new Random(3);
        var filler = ContainerSurgery.Replace(_bytes, "backprop-mlp", s =>
        {
            var block = new byte[1 << 20];
            for (int i = 0; i < 48; i++) { random.NextBytes(block); s.Write(block); }
        }, fixChecksum: false);

        var (error, allocated, _) = Load(filler);

        error.Message.ShouldContain("SHA-256");
        allocated.ShouldBeLessThan(MemoryBound, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Load_SegmentDeclaringA16384Squared_LayerIn2kB_RefusedWithoutAllocatingIt()
    {
        // The real segment, its layer shape rewritten to one 16384 × 16384 layer: 1 GiB declared, a few kB present.
        var segment = ContainerSurgery.Entry(_bytes, "backprop-mlp");
        int shape = ShapeOffset(segment);
        BitConverter.GetBytes(16384).CopyTo(segment, shape - 12); // the dense input's slots
        BitConverter.GetBytes(16384).CopyTo(segment, shape - 8);  // and rows
        BitConverter.GetBytes(1).CopyTo(segment, shape - 4);     // layer count
        BitConverter.GetBytes(16384).CopyTo(segment, shape);     // inputs
        BitConverter.GetBytes(16384).CopyTo(segment, shape + 4); // outputs
        var file = ContainerSurgery.Replace(_bytes, "backprop-mlp", s => s.Write(segment), fixChecksum: true);

        var (error, allocated, _) = Load(file);

        error.Message.ShouldContain("layer 0 weights");
        error.Message.ShouldContain("268,435,456");
        allocated.ShouldBeLessThan(MemoryBound, $"{allocated:N0} bytes allocated");
    }

    public static TheoryData<string, string, string> HistoryCases() => new()
    {
        { "\"Epochs\":[", "\"Epochs\":[null,", "Epochs[0] is null" },
        { "\"BestEpoch\":3", "\"BestEpoch\":-7", "BestEpoch is -7" },
        { "\"BestEpoch\":3", "\"BestEpoch\":9", "BestEpoch is 9" },
        { "\"StopReason\":\"Completed\"", "\"StopReason\":42", "StopReason 42" },
        { "\"Layers\":[{\"Layer\":0", "\"Layers\":[null,{\"Layer\":0", "Epochs[0].Layers[0] is null" },
        { "\"Layers\":[{\"Layer\":0", "\"Layers\":[{\"Layer\":5", "Epochs[0].Layers[0].Layer is 5" },
        { "\"Epoch\":2,", "\"Epoch\":7,", "Epochs[1].Epoch is 7" },
        { "\"Findings\":[]}", "\"Findings\":[null]}", "Findings[0] is null" },
    };

    [Theory]
    [MemberData(nameof(HistoryCases))]
    public void Load_StoredHistoryInconsistentButChecksummed_ThrowsNamingTheField(string find, string replace, string expected)
    {
        var segment = ContainerSurgery.Entry(_bytes, "backprop-mlp");
        var edited = ReplaceJson(segment, json =>
        {
            int at = json.IndexOf(find, StringComparison.Ordinal);
            at.ShouldBeGreaterThanOrEqualTo(0, $"'{find}' in {json[..Math.Min(400, json.Length)]}");
            return json[..at] + replace + json[(at + find.Length)..];
        });
        var file = ContainerSurgery.Replace(_bytes, "backprop-mlp", s => s.Write(edited), fixChecksum: true);

        var (error, _, _) = Load(file);

        error.Message.ShouldContain("training history");
        error.Message.ShouldContain(expected);
    }

    /// <summary>Offset of the first layer's input size in a binary-task segment: the feature column name, the magic tag,
    /// version, task, loss, class count (0), network count, layer count.</summary>
    private static int ShapeOffset(byte[] segment)
    {
        using var reader = new BinaryReader(new MemoryStream(segment));
        reader.ReadString();
        // Magic, version, task, loss, no class names, one network, one dense input part (count, kind, slots, rows), layer count.
        return (int)reader.BaseStream.Position + 8 + 4 * 4 + 4 + 4 * 4 + 4;
    }

    /// <summary>The segment with its history JSON (a length-prefixed UTF-8 string; format 13's slot names follow it) rewritten.</summary>
    private static byte[] ReplaceJson(byte[] segment, Func<string, string> edit)
    {
        int start = IndexOf(segment, "{\"Epochs\""u8.ToArray());
        int prefix = 1;
        while ((segment[start - prefix - 1] & 0x80) != 0) prefix++; // the 7-bit length ends in its one byte without the high bit
        int length;
        using (var reader = new BinaryReader(new MemoryStream(segment, start - prefix, prefix))) length = reader.Read7BitEncodedInt();
        var output = new MemoryStream();
        output.Write(segment, 0, start - prefix);
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true)) writer.Write(edit(Encoding.UTF8.GetString(segment, start, length)));
        output.Write(segment, start + length, segment.Length - start - length);
        return output.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("not found");
    }
}
