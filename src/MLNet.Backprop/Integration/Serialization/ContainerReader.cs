using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// Reads a model container and validates everything: zip structure, manifest, entry sizes, SHA-256 of every entry,
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

    /// <summary>Reads the container in <paramref name="stream"/>; see <see cref="ModelContainer"/>.</summary>
    public static TransformerChain<ITransformer> Read(ModelOperationsCatalog models, Stream stream, IReadOnlyList<ICustomTransformerCodec> codecs, out DataViewSchema inputSchema)
    {
        if (stream.CanSeek && Guard("The model file could not be read", () => stream.Length - stream.Position) <= 0)
            throw new InvalidDataException("The model file is empty.");

        using var zip = Guard("The model file is not a zip file, or it is truncated or damaged",
            () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
        var entries = Guard("The model file's zip directory is damaged", () => zip.Entries.ToList());

        var manifestEntry = entries.FirstOrDefault(e => e.FullName == ContainerManifest.EntryName)
            ?? throw new InvalidDataException(
                $"The file is not an MLNet.Backprop model container: it has no '{ContainerManifest.EntryName}' entry. " +
                "A plain ML.NET model zip is loaded with MLContext.Model.Load instead.");
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
            byte[] bytes = ReadEntry(entry, ModelContainer.MaxEntryBytes);
            if (ModelContainer.Hash(bytes) != segment.Sha256)
                throw new InvalidDataException($"The model container's entry '{segment.EntryName}' is damaged: its SHA-256 does not match the manifest.");

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
            return Guard($"ML.NET could not load entry '{segment.EntryName}'", () => models.Load(new MemoryStream(bytes, writable: false), out _));

        var codec = codecs.FirstOrDefault(c => c.Kind == segment.Kind)
            ?? throw new InvalidDataException(
                $"The model container's entry '{segment.EntryName}' has kind '{segment.Kind}', and no codec for that kind was given " +
                $"(known: {string.Join(", ", codecs.Select(c => $"'{c.Kind}'"))}). It may need a newer MLNet.Backprop.");
        var loaded = Guard($"Codec '{segment.Kind}' could not load entry '{segment.EntryName}'",
            () => codec.Load(models, new MemoryStream(bytes, writable: false), schema));
        return loaded ?? throw new InvalidDataException($"Codec '{segment.Kind}' returned no transformer for entry '{segment.EntryName}'.");
    }

    /// <summary>Reads an entry fully, never more than <paramref name="maxBytes"/> or than the entry declares.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long maxBytes)
    {
        string name = entry.FullName;
        long declared = Guard($"The model container's entry '{name}' is damaged", () => entry.Length);
        if (declared < 0 || declared > maxBytes)
            throw new InvalidDataException($"The model container's entry '{name}' declares {declared} bytes; at most {maxBytes} are allowed (damaged file?).");

        // No buffer is sized from the declared length up front: the data must actually be there.
        using var source = Guard($"The model container's entry '{name}' could not be opened", entry.Open);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            int read = Guard($"The model container's entry '{name}' is damaged or truncated", () => source.Read(buffer, 0, buffer.Length));
            if (read == 0)
                break;
            if (copy.Length + read > declared)
                throw new InvalidDataException($"The model container's entry '{name}' holds more than the {declared} bytes it declares.");
            copy.Write(buffer, 0, read);
        }
        if (copy.Length != declared)
            throw new InvalidDataException($"The model container's entry '{name}' holds {copy.Length} bytes but declares {declared} (truncated?).");
        return copy.ToArray();
    }

    /// <summary>Runs a call into code that may throw anything on bad bytes, and reports it as <see cref="InvalidDataException"/>.</summary>
    private static T Guard<T>(string context, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{context}: {e.Message}", e);
        }
    }
}
