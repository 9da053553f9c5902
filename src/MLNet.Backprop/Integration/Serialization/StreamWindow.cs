namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// A read-only, seekable view of a seekable stream from a start offset to its end, so that a zip stored after other data
/// (a header, another record) reads as if it began at 0: <see cref="System.IO.Compression.ZipArchive"/> finds the central
/// directory from the end and seeks to the offsets recorded in it, which count from the zip's first byte.
/// </summary>
/// <remarks>The inner stream is positioned before every read, so the view does not depend on where anyone else left
/// it; it is neither disposed nor flushed here.</remarks>
internal sealed class StreamWindow : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private long _position;

    public StreamWindow(Stream inner, long start)
    {
        _inner = inner;
        _start = start;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _inner.Length - _start;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A position must not be negative.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long left = Length - _position;
        if (left <= 0 || buffer.IsEmpty) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        _inner.Position = _start + _position;
        int read = _inner.Read(buffer);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Not a SeekOrigin."),
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException("The model's stream is read only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The model's stream is read only.");
}
