using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>
/// One shard: a row-addressable binary file. A 64-byte header ("MLBPSHRD", format version, columns, target width,
/// weight flag, row count), then every row as columns + target width (+ 1 weight) little-endian floats, so row r
/// starts at 64 + r·stride·4. Workers read only the rows of the micro-batches they compute, each with one positional
/// read; ML.NET's binary .idv and CSV are sequential formats and would have to be read from the start.
/// </summary>
/// <remarks>
/// Rows are read with positional reads of an open handle, not through a memory map: a mapped file truncated by another
/// process kills the reading process (SIGBUS), where a short read is an error that can be reported. A shard must not
/// change while it is trained on: its size and modification time when its SHA-256 was checked are compared with the
/// file's before and after every block a worker computes (<see cref="CheckUnchanged"/>), and a row past the end fails.
/// </remarks>
internal sealed class ShardFile : IDisposable
{
    public const int HeaderBytes = 64;
    private const ulong Magic = 0x44524853504C424DUL; // "MLBPSHRD"
    private const int Version = 1;

    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly DateTime _written;

    private ShardFile(string path, int columns, int targetWidth, bool hasWeights, long rows, SafeFileHandle handle, long length, DateTime written)
    {
        Path = path;
        Columns = columns;
        TargetWidth = targetWidth;
        HasWeights = hasWeights;
        Rows = rows;
        _handle = handle;
        _length = length;
        _written = written;
    }

    public string Path { get; }

    public int Columns { get; }

    public int TargetWidth { get; }

    public bool HasWeights { get; }

    public long Rows { get; }

    public int Stride => Columns + TargetWidth + (HasWeights ? 1 : 0);

    /// <summary>Reads row <paramref name="row"/> (features, targets, then the weight) into <paramref name="values"/>
    /// (<see cref="Stride"/> values).</summary>
    /// <exception cref="InvalidDataException">The file ends before the row: it was truncated after it was checked.</exception>
    public void ReadRow(long row, Span<float> values)
    {
        var bytes = MemoryMarshal.AsBytes(values[..Stride]);
        long offset = HeaderBytes + row * Stride * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(_handle, bytes, offset);
            if (read == 0) throw Changed($"row {row} lies past its end");
            bytes = bytes[read..];
            offset += read;
        }
    }

    /// <summary>Fails when the file's size or modification time is no longer what it was when its hash was checked.</summary>
    /// <exception cref="InvalidDataException">The shard changed (the message names it).</exception>
    public void CheckUnchanged()
    {
        long length = RandomAccess.GetLength(_handle);
        DateTime written = File.GetLastWriteTimeUtc(_handle);
        if (length != _length || written != _written)
            throw Changed($"it is {length:N0} bytes, modified {written:O}; when its SHA-256 was checked it was {_length:N0} bytes, modified {_written:O}");
    }

    private InvalidDataException Changed(string how) =>
        new($"Shard '{Path}' changed while training: {how}. A shard set must not change during a run: write a new one (ShardSet.Write) into another directory.");

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

    /// <summary>Opens a shard after checking that it exists, that its header and length agree, and that it has the
    /// manifest's hash. Reading is bounded by the header's length: a device, a pipe or a file that grows is refused, never
    /// read without end.</summary>
    /// <exception cref="InvalidDataException">The shard is missing, damaged or not a shard (the message names it).</exception>
    public static ShardFile Open(string path, string expectedSha256)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Shard '{path}' does not exist.");
        // Devices and pipes report a length of 0 before they are opened (opening a pipe would wait for a writer).
        long length = LengthOf(path);
        if (length < HeaderBytes) throw new InvalidDataException($"Shard '{path}' is {length} bytes long, shorter than a shard header ({HeaderBytes} bytes).");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            DateTime written = File.GetLastWriteTimeUtc(handle);
            length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (RandomAccess.Read(handle, header, 0) != HeaderBytes) throw new InvalidDataException($"Shard '{path}' changed while it was opened.");
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic) throw new InvalidDataException($"'{path}' is not a shard file.");
            int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (version != Version) throw new InvalidDataException($"Shard '{path}' has format version {version}; this library reads {Version}.");
            int columns = BinaryPrimitives.ReadInt32LittleEndian(header[12..]), width = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            int weightFlag = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
            long rows = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
            if (columns < 1 || width < 1 || weightFlag is not (0 or 1) || rows < 0)
                throw new InvalidDataException($"Shard '{path}' has a damaged header: {rows} rows of {columns} features, target width {width}, weight flag {weightFlag}.");
            long expected = ExpectedLength(columns, width, weightFlag == 1, rows);
            if (length != expected)
                throw new InvalidDataException($"Shard '{path}' is {length} bytes long; its header ({rows} rows of {columns} features) needs {expected}.");
            string hash = HashBounded(handle, length, path);
            if (!string.Equals(hash, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"Shard '{path}' is damaged or was replaced: its SHA-256 is not the {expectedSha256} the shard set's manifest says.");
            var shard = new ShardFile(path, columns, width, weightFlag == 1, rows, handle, length, written);
            shard.CheckUnchanged(); // nothing wrote to it while it was hashed
            return shard;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The length of the file a path leads to, through symbolic links; 0 for a device or a pipe, whose length
    /// the file system does not know.</summary>
    public static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        return info.Exists ? info.Length : 0;
    }

    /// <summary>The length a shard of this layout must have; long.MaxValue for a header no file can match.</summary>
    private static long ExpectedLength(int columns, int width, bool weights, long rows)
    {
        try
        {
            return checked(HeaderBytes + rows * ((long)columns + width + (weights ? 1 : 0)) * sizeof(float));
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes; fails if the file ends sooner.</summary>
    private static string HashBounded(SafeFileHandle handle, long length, string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[(int)Math.Min(length, 1 << 20)];
        for (long offset = 0; offset < length;)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (read == 0) throw new InvalidDataException($"Shard '{path}' changed while it was hashed: it ends at byte {offset:N0} of {length:N0}.");
            sha.AppendData(buffer, 0, read);
            offset += read;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Appends one row.</summary>
    public static void WriteRow(Stream stream, ReadOnlySpan<float> features, float label, float? weight)
    {
        stream.Write(MemoryMarshal.AsBytes(features));
        stream.Write(BitConverter.GetBytes(label));
        if (weight is float w) stream.Write(BitConverter.GetBytes(w));
    }
}
