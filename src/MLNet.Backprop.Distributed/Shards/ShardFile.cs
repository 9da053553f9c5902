using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>
/// One shard: a row-addressable binary file. A 64-byte header ("MLBPSHRD", format version, columns, target width,
/// weight flag, row count), then every row as columns + target width (+ 1 weight) little-endian floats, so row r
/// starts at 64 + r·stride·4. Workers map the files into memory and read only the rows of the micro-batches they
/// compute; ML.NET's binary .idv and CSV are sequential formats and would have to be read from the start.
/// </summary>
internal sealed unsafe class ShardFile : IDisposable
{
    public const int HeaderBytes = 64;
    private const ulong Magic = 0x44524853504C424DUL; // "MLBPSHRD"
    private const int Version = 1;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;

    private ShardFile(string path, int columns, int targetWidth, bool hasWeights, long rows, MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        Path = path;
        Columns = columns;
        TargetWidth = targetWidth;
        HasWeights = hasWeights;
        Rows = rows;
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + view.PointerOffset + HeaderBytes;
    }

    public string Path { get; }

    public int Columns { get; }

    public int TargetWidth { get; }

    public bool HasWeights { get; }

    public long Rows { get; }

    private int Stride => Columns + TargetWidth + (HasWeights ? 1 : 0);

    /// <summary>The values of row <paramref name="row"/>: features, targets, then the weight.</summary>
    public ReadOnlySpan<float> Row(long row) => new(_start + row * Stride * sizeof(float), Stride);

    /// <summary>Writes the header for <paramref name="rows"/> rows.</summary>
    public static void WriteHeader(Stream stream, int columns, int targetWidth, bool hasWeights, long rows)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], columns);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], targetWidth);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], hasWeights ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], rows);
        stream.Write(header);
    }

    /// <summary>The SHA-256 of a whole file, as lowercase hex.</summary>
    public static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Opens a shard after checking that it exists, has the manifest's hash, and that its header and length agree.</summary>
    /// <exception cref="InvalidDataException">The shard is missing, damaged or not a shard (the message names it).</exception>
    public static ShardFile Open(string path, string expectedSha256)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Shard '{path}' does not exist.");
        string hash = Hash(path);
        if (!string.Equals(hash, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"Shard '{path}' is damaged or was replaced: its SHA-256 is {hash}, the shard set's manifest says {expectedSha256}.");
        long length = new FileInfo(path).Length;
        if (length < HeaderBytes) throw new InvalidDataException($"Shard '{path}' is {length} bytes long, shorter than a shard header.");
        Span<byte> header = stackalloc byte[HeaderBytes];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic) throw new InvalidDataException($"'{path}' is not a shard file.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != Version) throw new InvalidDataException($"Shard '{path}' has format version {version}; this library reads {Version}.");
        int columns = BinaryPrimitives.ReadInt32LittleEndian(header[12..]), width = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        bool weights = BinaryPrimitives.ReadInt32LittleEndian(header[20..]) == 1;
        long rows = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        long expected = HeaderBytes + rows * (columns + width + (weights ? 1 : 0)) * sizeof(float);
        if (columns < 1 || width < 1 || rows < 0 || length != expected)
            throw new InvalidDataException($"Shard '{path}' is {length} bytes long; its header ({rows} rows of {columns} features) needs {expected}.");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new ShardFile(path, columns, width, weights, rows, file, view);
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>Appends one row.</summary>
    public static void WriteRow(Stream stream, ReadOnlySpan<float> features, float label, float? weight)
    {
        stream.Write(MemoryMarshal.AsBytes(features));
        stream.Write(BitConverter.GetBytes(label));
        if (weight is float w) stream.Write(BitConverter.GetBytes(w));
    }
}
