using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// Reads a model container and validates everything: zip structure, manifest, entry sizes, SHA-256 of every entry (streamed),
/// then each segment's load and its fit to the schema before it.
/// </summary>
/// <remarks>
/// Every failure becomes an <see cref="InvalidDataException"/> naming the problem and the entry. Calls into
/// <see cref="System.IO.Compression"/>, ML.NET and codecs run inside <see cref="Guard{T}"/>, which wraps whatever they
/// throw; the checks written here throw <see cref="InvalidDataException"/> directly.
/// </remarks>
internal static class ContainerReader
{
    private const int MaxManifestBytes = 1 << 16;

    /// <summary>Highest inflation a model entry may declare (uncompressed ÷ compressed). Weights barely compress and ML.NET's
    /// segments are stored; only long training histories compress well, and they stay far below this.</summary>
    internal const long MaxCompressionRatio = 100;

    /// <summary>Entries up to this size are not ratio-checked: small text compresses well and costs nothing to read.</summary>
    private const long MinRatioCheckedBytes = 1 << 20;

    /// <summary>Reads the container in <paramref name="stream"/>; see <see cref="ModelContainer"/>.</summary>
    public static TransformerChain<ITransformer> Read(ModelOperationsCatalog models, Stream stream, IReadOnlyList<ICustomTransformerCodec> codecs, out DataViewSchema inputSchema)
    {
        if (stream.CanSeek && Guard("The model file could not be read", () => (stream.Length, stream.Position)) is var (length, position) && length - position <= 0)
            // A stream just written to is at its end: say so rather than call a model of thousands of bytes empty.
            throw new InvalidDataException(position > 0
                ? $"The stream holds no model after its position {position} (its length is {length}): rewind it (stream.Position = 0) before loading."
                : "The model file is empty.");

        var (zip, entries) = OpenZip(stream);
        using var _ = zip;

        var manifestEntry = entries.FirstOrDefault(e => e.FullName == ContainerManifest.EntryName)
            ?? throw new InvalidDataException(
                $"The file is not an MLNet.Backprop model container: it has no '{ContainerManifest.EntryName}' entry. " +
                "A plain ML.NET model zip (such as ml.Model.Save writes) is loaded with MLContext.Model.Load instead; when it holds an " +
                "MLNet.Backprop network, the loading application references Microsoft.ML.OnnxTransformer and Microsoft.ML.OnnxRuntime.");
        var segments = ContainerManifest.Read(ReadEntry(manifestEntry, MaxManifestBytes));

        var present = entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        if (segments.FirstOrDefault(s => !present.Contains(s.EntryName)) is { } missing)
            throw new InvalidDataException($"The model container has no entry '{missing.EntryName}', which its manifest lists.");
        var listed = segments.Select(s => s.EntryName).Append(ContainerManifest.EntryName).ToHashSet(StringComparer.Ordinal);
        if (entries.FirstOrDefault(e => !listed.Contains(e.FullName)) is { } stray)
            throw new InvalidDataException($"The model container has an entry '{stray.FullName}' that its manifest does not list.");

        var transformers = new List<ITransformer>();
        DataViewSchema? input = null;
        DataViewSchema? schema = null;
        foreach (var segment in segments)
        {
            var entry = entries.FirstOrDefault(e => e.FullName == segment.EntryName)
                ?? throw new InvalidDataException($"The model container has no entry '{segment.EntryName}', which its manifest lists.");
            byte[] bytes = ReadVerifiedEntry(entry, segment.Sha256);

            if (schema is null)
            {
                schema = input = LoadSchema(models, segment, bytes);
                continue;
            }
            var loaded = LoadSegment(models, segment, bytes, schema, codecs);
            var inputOfSegment = schema;
            schema = Guard($"The model container's entry '{segment.EntryName}' does not accept the schema produced by the entries before it",
                () => loaded.GetOutputSchema(inputOfSegment));
            // ML.NET runs come back as a chain: splice it in so the result stays flat. Custom transformers stay whole.
            if (segment.Kind == ContainerManifest.MlNetKind && loaded is IEnumerable<ITransformer> run)
                transformers.AddRange(run);
            else
                transformers.Add(loaded);
        }

        inputSchema = input!; // the manifest always lists the schema entry first
        return Guard("The model container's transformers could not be chained", () => new TransformerChain<ITransformer>(transformers.ToArray()));
    }

    private static DataViewSchema LoadSchema(ModelOperationsCatalog models, ContainerSegment segment, byte[] bytes)
    {
        var schema = Guard($"ML.NET could not load the input schema from entry '{segment.EntryName}'", () =>
        {
            var empty = models.Load(new MemoryStream(bytes, writable: false), out var s);
            (empty as IDisposable)?.Dispose();
            return s;
        });
        return schema ?? throw new InvalidDataException($"The model container's entry '{segment.EntryName}' holds no input schema.");
    }

    private static ITransformer LoadSegment(ModelOperationsCatalog models, ContainerSegment segment, byte[] bytes, DataViewSchema schema, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        if (segment.Kind == ContainerManifest.MlNetKind)
            return Guard($"ML.NET could not load entry '{segment.EntryName}'", () => LoadNamingMissingPackages(models, bytes, segment.EntryName));

        var codec = codecs.FirstOrDefault(c => c.Kind == segment.Kind)
            ?? throw new InvalidDataException(
                $"The model container's entry '{segment.EntryName}' has kind '{segment.Kind}', and no codec for that kind was given " +
                $"(known: {string.Join(", ", codecs.Select(c => $"'{c.Kind}'"))}). It may need a newer MLNet.Backprop.");
        var loaded = Guard($"Codec '{segment.Kind}' could not load entry '{segment.EntryName}'",
            () => codec.Load(models, new MemoryStream(bytes, writable: false), schema));
        return loaded ?? throw new InvalidDataException($"Codec '{segment.Kind}' returned no transformer for entry '{segment.EntryName}'.");
    }

    /// <summary>ML.NET's load of a run of its transformers; a step whose assembly the application lacks becomes an
    /// <see cref="InvalidOperationException"/> naming the package to add (the file is sound; the application is not).</summary>
    private static ITransformer LoadNamingMissingPackages(ModelOperationsCatalog models, byte[] bytes, string entry)
    {
        try
        {
            return models.Load(new MemoryStream(bytes, writable: false), out _);
        }
        catch (Exception e) when (MissingPackage.Explain(e, entry) is { } message)
        {
            throw new MissingModelDependencyException(message, e);
        }
    }

    /// <summary>Reads a small entry (the manifest) fully, never more than <paramref name="maxBytes"/> or than it declares.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long maxBytes)
    {
        long declared = CheckDeclared(entry, maxBytes);
        var bytes = new byte[declared]; // at most the small maxBytes
        using var source = Guard($"The model container's entry '{entry.FullName}' could not be opened", entry.Open);
        ReadExactly(entry.FullName, source, bytes, declared);
        return bytes;
    }

    /// <summary>
    /// Reads an entry whose SHA-256 the manifest gives. Memory follows the entry's true size: first the declared size is
    /// checked against the limit and the compressed size (no model entry inflates by more than
    /// <see cref="MaxCompressionRatio"/>), then the entry is inflated once only to hash and count it, nothing kept, and
    /// only when both match is it read a second time into one array of exactly that size.
    /// </summary>
    private static byte[] ReadVerifiedEntry(ZipArchiveEntry entry, string sha256)
    {
        string name = entry.FullName;
        long declared = CheckDeclared(entry, ModelContainer.MaxEntryBytes);
        long compressed = Guard($"The model container's entry '{name}' is damaged", () => entry.CompressedLength);
        if (declared > MinRatioCheckedBytes && declared > MaxCompressionRatio * Math.Max(1, compressed))
            throw new InvalidDataException($"The model container's entry '{name}' declares {declared:N0} bytes compressed into {compressed:N0}: " +
                $"more than {MaxCompressionRatio}:1, which no model entry reaches (a damaged file, or one made to exhaust memory).");

        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        using (var source = Guard($"The model container's entry '{name}' could not be opened", entry.Open))
        {
            var buffer = new byte[81920];
            long total = 0;
            while (true)
            {
                int read = Guard($"The model container's entry '{name}' is damaged or truncated", () => source.Read(buffer, 0, buffer.Length));
                if (read == 0) break;
                total += read;
                if (total > declared)
                    throw new InvalidDataException($"The model container's entry '{name}' holds more than the {declared:N0} bytes it declares.");
                hash.AppendData(buffer, 0, read);
            }
            if (total != declared)
                throw new InvalidDataException($"The model container's entry '{name}' holds {total:N0} bytes but declares {declared:N0} (truncated?).");
            if (Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256)
                throw new InvalidDataException($"The model container's entry '{name}' is damaged: its SHA-256 does not match the manifest.");
        }

        var bytes = new byte[declared];
        using var again = Guard($"The model container's entry '{name}' could not be opened", entry.Open);
        ReadExactly(name, again, bytes, declared);
        return bytes;
    }

    private static long CheckDeclared(ZipArchiveEntry entry, long maxBytes)
    {
        long declared = Guard($"The model container's entry '{entry.FullName}' is damaged", () => entry.Length);
        if (declared < 0 || declared > maxBytes)
            throw new InvalidDataException($"The model container's entry '{entry.FullName}' declares {declared:N0} bytes; at most {maxBytes:N0} are allowed (damaged file?).");
        return declared;
    }

    private static void ReadExactly(string name, Stream source, byte[] bytes, long declared)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            int offset = at;
            int read = Guard($"The model container's entry '{name}' is damaged or truncated", () => source.Read(bytes, offset, bytes.Length - offset));
            if (read == 0)
                throw new InvalidDataException($"The model container's entry '{name}' holds {at:N0} bytes but declares {declared:N0} (truncated?).");
            at += read;
        }
        if (Guard($"The model container's entry '{name}' is damaged", () => source.ReadByte()) >= 0)
            throw new InvalidDataException($"The model container's entry '{name}' holds more than the {declared:N0} bytes it declares.");
    }

    /// <summary>The zip in <paramref name="stream"/> and its entries, read from the stream's position: a model written after
    /// other data (SaveBackprop writes at the position) starts there, and the zip's offsets count from its first byte.</summary>
    /// <remarks>A stream that cannot seek is read from where it is anyway. A seekable one used to be read from 0 whatever its
    /// position, so when the data from a non-zero position is no zip, the whole stream is tried as before: a model at 0
    /// with the stream left inside it still loads.</remarks>
    private static (ZipArchive Zip, List<ZipArchiveEntry> Entries) OpenZip(Stream stream)
    {
        long start = stream.CanSeek ? stream.Position : 0;
        if (start == 0) return OpenZip(stream, "");
        try
        {
            return OpenZip(new StreamWindow(stream, start), $" (read from the stream's position {start}, where the model must start; rewind to where it was written)");
        }
        catch (InvalidDataException)
        {
            try
            {
                return OpenZip(stream, "");
            }
            catch (InvalidDataException)
            {
            }
            throw; // the error reading from the position, which names it
        }
    }

    private static (ZipArchive Zip, List<ZipArchiveEntry> Entries) OpenZip(Stream stream, string from)
    {
        var zip = Guard($"The model file is not a zip file, or it is truncated or damaged{from} (an ONNX file is scored with ONNX Runtime or ml.Transforms.ApplyOnnxModel, not loaded here)",
            () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
        try
        {
            return (zip, Guard($"The model file's zip directory is damaged{from}", () => zip.Entries.ToList()));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Runs a call into code that may throw anything on bad bytes, and reports it as <see cref="InvalidDataException"/>.</summary>
    private static T Guard<T>(string context, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not MissingModelDependencyException)
        {
            throw new InvalidDataException($"{context}: {e.Message}", e);
        }
    }
}
