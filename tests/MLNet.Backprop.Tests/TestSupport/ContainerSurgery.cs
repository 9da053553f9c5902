using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Rebuilds a saved model container with one entry replaced, optionally with the manifest's checksum updated
/// to match (as anyone editing a file can do: the checksum detects damage, not tampering).</summary>
internal static class ContainerSurgery
{
    /// <summary>The bytes of the entry whose name contains <paramref name="nameContains"/>.</summary>
    public static byte[] Entry(byte[] container, string nameContains)
    {
        using var zip = new ZipArchive(new MemoryStream(container), ZipArchiveMode.Read);
        var entry = zip.Entries.Single(e => e.FullName.Contains(nameContains, StringComparison.Ordinal));
        using var stream = entry.Open();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The container with the entry whose name contains <paramref name="nameContains"/> replaced.</summary>
    public static byte[] Replace(byte[] container, string nameContains, Action<Stream> write, bool fixChecksum,
        CompressionLevel level = CompressionLevel.Fastest)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = new ZipArchive(new MemoryStream(container), ZipArchiveMode.Read))
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        string target = entries.Single(e => e.Name != "manifest" && e.Name.Contains(nameContains, StringComparison.Ordinal)).Name;
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            string? newHash = null;
            foreach (var (name, bytes) in entries.Where(e => e.Name != "manifest"))
            {
                var entry = zip.CreateEntry(name, name == target ? level : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                if (name != target) { stream.Write(bytes); continue; }
                using var hashing = new HashingStream(stream);
                write(hashing);
                newHash = hashing.Hex();
            }
            string manifest = Encoding.UTF8.GetString(entries.Single(e => e.Name == "manifest").Bytes);
            if (fixChecksum)
                manifest = string.Join('\n', manifest.Split('\n').Select(line => line.Split(' ') is [var kind, var name, _] && name == target ? $"{kind} {name} {newHash}" : line));
            using var manifestStream = zip.CreateEntry("manifest").Open();
            manifestStream.Write(Encoding.UTF8.GetBytes(manifest));
        }
        return output.ToArray();
    }

    /// <summary>Passes writes through while hashing them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }
    }
}
