using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>
/// One shard: a row-addressable binary file. A 64-byte header ("MLBPSHRD", format version, columns, target width,
/// weight flag, row count), then every row as columns + target width (+ 1 weight) little-endian floats, so row r
/// starts at 64 + r·stride·4 (version 1, dense rows). Version 2 (sparse rows, for data the trainer reads sparse): after
/// the header, rows + 1 little-endian 64-bit record positions (relative to the first record), then one record a row: its
/// non-zero count, its target (and weight) as floats, its slots as 32-bit integers and its values as floats, so disk and
/// memory follow the non-zeros, never a dense row. Workers read only the rows of the micro-batches they compute, each
/// with one positional read; ML.NET's binary .idv and CSV are sequential formats and would have to be read from the start.
/// Versions 3 (dense) and 4 (sparse) add the categorical columns' keys: their count at byte 32 of the header, and each
/// row's keys as 32-bit integers (1-based, 0 = missing) after its target and weight, in both record forms; a shard of
/// versions 1 and 2 has none.
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
    private const int DenseVersion = 1, SparseVersion = 2, DenseKeysVersion = 3, SparseKeysVersion = 4;

    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly DateTime _written;

    /// <summary>Sparse rows: each record's position after <see cref="RecordsStart"/> (rows + 1); null for dense rows.</summary>
    private readonly long[]? _positions;

    private ShardFile(string path, int columns, int targetWidth, bool hasWeights, int keyColumns, long rows, SafeFileHandle handle, long length,
        DateTime written, long[]? positions = null)
    {
        KeyColumns = keyColumns;
        _positions = positions;
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

    /// <summary>Categorical keys per row (0 for a shard of versions 1 and 2).</summary>
    public int KeyColumns { get; }

    /// <summary>A dense row's 4-byte values: the features, the target, the weight, then the keys (as 32-bit integers).</summary>
    public int Stride => Columns + TargetWidth + (HasWeights ? 1 : 0) + KeyColumns;

    /// <summary>True when the shard holds sparse rows (version 2).</summary>
    public bool IsSparse => _positions is not null;

    /// <summary>Byte position of a sparse shard's first record.</summary>
    private long RecordsStart => HeaderBytes + (Rows + 1) * sizeof(long);

    private byte[] _record = [];

    /// <summary>Reads sparse row <paramref name="row"/>: its target (and weight) into <paramref name="meta"/>
    /// (target width + 1 values), its keys into <paramref name="keys"/> (<see cref="KeyColumns"/> values), its slots
    /// and values appended to the lists; returns its non-zero count.</summary>
    /// <exception cref="InvalidDataException">The record is damaged, or the file ends before it.</exception>
    public int ReadSparseRow(long row, Span<float> meta, Span<int> keys, List<int> indices, List<float> values)
    {
        long start = _positions![row], end = _positions[row + 1];
        if (end - start > int.MaxValue) throw new InvalidDataException($"Shard '{Path}' has a damaged record table at row {row}.");
        int bytes = (int)(end - start);
        if (_record.Length < bytes) _record = new byte[Math.Max(bytes, 2 * _record.Length)];
        ReadExactly(_record.AsSpan(0, bytes), RecordsStart + start, row);
        var record = _record.AsSpan(0, bytes);
        int metaCount = TargetWidth + (HasWeights ? 1 : 0);
        int count = bytes >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(record) : -1;
        if (count < 0 || 4L + 4L * (metaCount + KeyColumns) + 8L * count != bytes)
            throw new InvalidDataException($"Shard '{Path}' has a damaged record for row {row}: {count} non-zeros in {bytes} bytes.");
        MemoryMarshal.Cast<byte, float>(record.Slice(4, 4 * metaCount)).CopyTo(meta);
        int at = 4 + 4 * metaCount;
        MemoryMarshal.Cast<byte, int>(record.Slice(at, 4 * KeyColumns)).CopyTo(keys);
        at += 4 * KeyColumns;
        var slots = MemoryMarshal.Cast<byte, int>(record.Slice(at, 4 * count));
        var entries = MemoryMarshal.Cast<byte, float>(record.Slice(at + 4 * count, 4 * count));
        for (int k = 0; k < count; k++)
        {
            if ((uint)slots[k] >= (uint)Columns || (k > 0 && slots[k] <= slots[k - 1]))
                throw new InvalidDataException($"Shard '{Path}' has a damaged record for row {row}: slot {slots[k]} of {Columns} features out of order.");
            indices.Add(slots[k]);
            values.Add(entries[k]);
        }
        return count;
    }

    private void ReadExactly(Span<byte> bytes, long offset, long row)
    {
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(_handle, bytes, offset);
            if (read == 0) throw Changed($"row {row} lies past its end");
            bytes = bytes[read..];
            offset += read;
        }
    }

    /// <summary>Reads row <paramref name="row"/> (features, targets, then the weight) into <paramref name="values"/>
    /// (<see cref="Stride"/> values).</summary>
    /// <exception cref="InvalidDataException">The file ends before the row: it was truncated after it was checked.</exception>
    public void ReadRow(long row, Span<float> values) =>
        ReadExactly(MemoryMarshal.AsBytes(values[..Stride]), HeaderBytes + row * Stride * sizeof(float), row);

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

    /// <summary>Writes the header for <paramref name="rows"/> rows (versions 1 and 2 without keys, 3 and 4 with).</summary>
    public static void WriteHeader(Stream stream, int columns, int targetWidth, bool hasWeights, long rows, bool sparse = false, int keyColumns = 0)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        int version = keyColumns > 0 ? (sparse ? SparseKeysVersion : DenseKeysVersion) : (sparse ? SparseVersion : DenseVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], version);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], keyColumns);
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
            if (version is not (DenseVersion or SparseVersion or DenseKeysVersion or SparseKeysVersion))
                throw new InvalidDataException($"Shard '{path}' has format version {version}; this library reads {DenseVersion} to {SparseKeysVersion}.");
            int columns = BinaryPrimitives.ReadInt32LittleEndian(header[12..]), width = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            int weightFlag = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
            long rows = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
            bool withKeys = version is DenseKeysVersion or SparseKeysVersion;
            int keyColumns = withKeys ? BinaryPrimitives.ReadInt32LittleEndian(header[32..]) : 0;
            // A shard of categorical columns alone has no feature; one without keys needs a feature.
            if (columns < (withKeys ? 0 : 1) || width < 1 || weightFlag is not (0 or 1) || rows < 0 || (withKeys && keyColumns is < 1 or > MaxKeyColumns))
                throw new InvalidDataException($"Shard '{path}' has a damaged header: {rows} rows of {columns} features, target width {width}, weight flag {weightFlag}" +
                    (withKeys ? $", {keyColumns} key columns." : "."));
            long[]? positions = version is SparseVersion or SparseKeysVersion ? ReadPositions(handle, path, rows, length) : null;
            long expected = positions is null ? ExpectedLength((long)columns + keyColumns, width, weightFlag == 1, rows) : HeaderBytes + (rows + 1) * sizeof(long) + positions[^1];
            if (length != expected)
                throw new InvalidDataException($"Shard '{path}' is {length} bytes long; its header ({rows} rows of {columns} features) needs {expected}.");
            string hash = HashBounded(handle, length, path);
            if (!string.Equals(hash, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"Shard '{path}' is damaged or was replaced: its SHA-256 is not the {expectedSha256} the shard set's manifest says.");
            var shard = new ShardFile(path, columns, width, weightFlag == 1, keyColumns, rows, handle, length, written, positions);
            shard.CheckUnchanged(); // nothing wrote to it while it was hashed
            return shard;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A sparse shard's record positions, checked: starting at 0, never decreasing, ending within the file.</summary>
    private static long[] ReadPositions(SafeFileHandle handle, string path, long rows, long length)
    {
        long tableBytes = (rows + 1) * sizeof(long);
        if (rows >= int.MaxValue || HeaderBytes + tableBytes > length)
            throw new InvalidDataException($"Shard '{path}' is {length:N0} bytes long; the record table of its header's {rows:N0} rows does not fit.");
        var positions = new long[rows + 1];
        var bytes = MemoryMarshal.AsBytes(positions.AsSpan());
        for (long offset = HeaderBytes; bytes.Length > 0;)
        {
            int read = RandomAccess.Read(handle, bytes, offset);
            if (read == 0) throw new InvalidDataException($"Shard '{path}' changed while it was opened.");
            bytes = bytes[read..];
            offset += read;
        }
        if (!BitConverter.IsLittleEndian) for (int i = 0; i < positions.Length; i++) positions[i] = BinaryPrimitives.ReverseEndianness(positions[i]);
        for (long r = 0; r <= rows; r++)
            if ((r == 0 && positions[0] != 0) || (r > 0 && positions[r] < positions[r - 1]) || positions[r] > length)
                throw new InvalidDataException($"Shard '{path}' has a damaged record table at row {r}.");
        return positions;
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
    private static long ExpectedLength(long columns, int width, bool weights, long rows)
    {
        try
        {
            return checked(HeaderBytes + rows * (columns + width + (weights ? 1 : 0)) * sizeof(float));
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

    /// <summary>Writes a sparse shard of <paramref name="rows"/> rows: the header, the record table and each row's record,
    /// the rows given one at a time by <paramref name="next"/> (slots, values, keys, label and weight).</summary>
    public static void WriteSparse(Stream stream, int columns, bool hasWeights, long rows, SparseRowSource next, int keyColumns = 0)
    {
        WriteHeader(stream, columns, 1, hasWeights, rows, sparse: true, keyColumns);
        var keys = new int[keyColumns];
        long tableStart = stream.Position;
        var positions = new long[rows + 1];
        stream.Write(new byte[(rows + 1) * sizeof(long)]);
        var indices = new List<int>();
        var values = new List<float>();
        for (long r = 0; r < rows; r++)
        {
            indices.Clear();
            values.Clear();
            var (label, weight) = next(indices, values, keys);
            stream.Write(BitConverter.GetBytes(indices.Count));
            stream.Write(BitConverter.GetBytes(label));
            if (hasWeights) stream.Write(BitConverter.GetBytes(weight));
            stream.Write(MemoryMarshal.AsBytes(keys.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(indices)));
            stream.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(values)));
            positions[r + 1] = positions[r] + 4 + 4 * (hasWeights ? 2 : 1) + 4L * keyColumns + 8L * indices.Count;
        }
        long end = stream.Position;
        stream.Position = tableStart;
        stream.Write(MemoryMarshal.AsBytes(positions.AsSpan()));
        stream.Position = end;
    }

    /// <summary>Gives the next row of a sparse shard: fills its slots, values and keys, returns its label and weight.</summary>
    public delegate (float Label, float Weight) SparseRowSource(List<int> indices, List<float> values, Span<int> keys);

    /// <summary>Appends one row (its keys last: a shard of versions 3 and 4).</summary>
    public static void WriteRow(Stream stream, ReadOnlySpan<float> features, float label, float? weight, ReadOnlySpan<int> keys = default)
    {
        stream.Write(MemoryMarshal.AsBytes(features));
        stream.Write(BitConverter.GetBytes(label));
        if (weight is float w) stream.Write(BitConverter.GetBytes(w));
        stream.Write(MemoryMarshal.AsBytes(keys));
    }

    /// <summary>Most categorical columns a shard's header may declare.</summary>
    public const int MaxKeyColumns = 1 << 16;
}
