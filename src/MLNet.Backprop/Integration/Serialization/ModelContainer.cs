using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Files;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// Saves and loads a fitted pipeline that mixes ML.NET's transformers with transformers ML.NET cannot save, as one zip
/// ("route D" in the project notes): ML.NET's own runs go through <c>MLContext.Model.Save</c>, custom transformers
/// through an <see cref="ICustomTransformerCodec"/>, and a <c>manifest</c> entry lists them in order with checksums.
/// </summary>
/// <remarks>
/// <para>The chain is flattened (nested <see cref="TransformerChain{TLastTransformer}"/>s included) and rebuilt as a flat
/// <see cref="TransformerChain{TLastTransformer}"/>; transformer scopes are not kept.</para>
/// <para>The input schema is always stored (as an empty ML.NET chain), so a model may start with a custom transformer.</para>
/// <para>Load reports any problem with the bytes as <see cref="InvalidDataException"/>.</para>
/// </remarks>
internal static class ModelContainer
{
    /// <summary>Largest entry (uncompressed) Load accepts; bounds memory when a damaged file declares huge lengths.</summary>
    internal const long MaxEntryBytes = 1L << 30;

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="models">The ML.NET model catalog (<c>ml.Model</c>), used for ML.NET's own segments.</param>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="path">Target file; replaced if it exists.</param>
    /// <param name="codecs">Codecs for the custom transformers in <paramref name="model"/>.</param>
    /// <remarks>Written by <see cref="AtomicFile"/>: an existing <paramref name="path"/> is replaced whole or left untouched,
    /// keeping its Unix permissions.</remarks>
    public static void Save(ModelOperationsCatalog models, ITransformer model, DataViewSchema inputSchema, string path, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = SaveTarget.Check(path, "the model");
        AtomicFile.Write(target, file => Write(models, model, inputSchema, file, codecs));
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <remarks>The container is built in memory first, so a failing codec writes nothing to <paramref name="stream"/>.</remarks>
    public static void Save(ModelOperationsCatalog models, ITransformer model, DataViewSchema inputSchema, Stream stream, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Before the container is built: a read-only stream would fail only when the finished bytes are copied to it.
        if (!stream.CanWrite) throw new ArgumentException($"The stream ({stream.GetType().Name}) is not writable; the model cannot be saved to it.", nameof(stream));
        using var buffer = new MemoryStream();
        Write(models, model, inputSchema, buffer, codecs);
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>Loads a pipeline saved by <see cref="Save(ModelOperationsCatalog, ITransformer, DataViewSchema, string, IReadOnlyList{ICustomTransformerCodec})"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The file is empty, truncated, damaged, not a zip, a zip that is not a model container (e.g. a plain ML.NET
    /// model), from a newer format version, uses a codec kind not in <paramref name="codecs"/>, fails a checksum, or
    /// ML.NET or a codec fails to load a segment. The message names the problem and the entry.
    /// </exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>, or a directory there (other I/O errors opening it propagate too).</exception>
    public static TransformerChain<ITransformer> Load(ModelOperationsCatalog models, string path, out DataViewSchema inputSchema, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Opening a directory throws "Access to the path is denied", which sends the user after permissions.
        if (Directory.Exists(path)) throw new FileNotFoundException($"'{Path.GetFullPath(path)}' is a directory, not a model file; name the file in it.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(models, file, out inputSchema, codecs);
    }

    /// <summary>Loads a pipeline saved by <see cref="Save(ModelOperationsCatalog, ITransformer, DataViewSchema, Stream, IReadOnlyList{ICustomTransformerCodec})"/>.</summary>
    /// <exception cref="InvalidDataException">See <see cref="Load(ModelOperationsCatalog, string, out DataViewSchema, IReadOnlyList{ICustomTransformerCodec})"/>.</exception>
    public static TransformerChain<ITransformer> Load(ModelOperationsCatalog models, Stream stream, out DataViewSchema inputSchema, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(codecs);
        if (!stream.CanRead) throw new ArgumentException($"The stream ({stream.GetType().Name}) is not readable (closed, or open for writing only).", nameof(stream));
        return ContainerReader.Read(models, stream, codecs, out inputSchema);
    }

    private static void Write(ModelOperationsCatalog models, ITransformer model, DataViewSchema inputSchema, Stream output, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(codecs);
        CheckCodecs(codecs);

        // Every segment is serialized (and hashed) before the zip is written, so a failing transformer or codec
        // aborts before any byte reaches the output.
        var entries = new List<(ContainerSegment Segment, byte[] Bytes)>();
        void Add(string kind, string entryName, byte[] bytes) =>
            entries.Add((new ContainerSegment(kind, entryName, Hash(bytes)), bytes));

        Add(ContainerManifest.SchemaKind, "schema.mlnet.zip", SaveMlNet(models, [], inputSchema));
        var schema = inputSchema;
        var run = new List<ITransformer>();
        var runSchema = schema;
        foreach (var transformer in Flatten(model, codecs))
        {
            var codec = FindCodec(codecs, transformer);
            if (codec is null)
            {
                if (run.Count == 0)
                    runSchema = schema;
                run.Add(transformer);
                schema = transformer.GetOutputSchema(schema);
                continue;
            }
            FlushRun();
            using var segment = new MemoryStream();
            codec.Save(transformer, segment);
            Add(codec.Kind, $"seg{entries.Count:D3}.{codec.Kind}.bin", segment.ToArray());
            schema = transformer.GetOutputSchema(schema);
        }
        FlushRun();

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, ContainerManifest.EntryName, ContainerManifest.Write(entries.Select(e => e.Segment)));
        foreach (var (segment, bytes) in entries)
            WriteEntry(zip, segment.EntryName, bytes);

        void FlushRun()
        {
            if (run.Count == 0)
                return;
            Add(ContainerManifest.MlNetKind, $"seg{entries.Count:D3}.mlnet.zip", SaveMlNet(models, run, runSchema));
            run.Clear();
        }
    }

    /// <summary>Yields the transformers of <paramref name="model"/> in order, expanding (nested) chains.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer model, IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        // A codec's claim wins: a custom transformer that happens to be enumerable is still saved whole.
        if (FindCodec(codecs, model) is null && model is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
            {
                foreach (var t in Flatten(inner, codecs))
                    yield return t;
            }
        }
        else
        {
            yield return model;
        }
    }

    internal static ICustomTransformerCodec? FindCodec(IReadOnlyList<ICustomTransformerCodec> codecs, ITransformer transformer)
    {
        foreach (var codec in codecs)
        {
            if (codec.CanSave(transformer))
                return codec;
        }
        return null;
    }

    internal static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] SaveMlNet(ModelOperationsCatalog models, IEnumerable<ITransformer> run, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        models.Save(new TransformerChain<ITransformer>(run.ToArray()), schema, stream);
        return stream.ToArray();
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        // ML.NET segments are zips already; compressing them again gains nothing.
        var level = name.EndsWith(".zip", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
        using var stream = zip.CreateEntry(name, level).Open();
        stream.Write(bytes);
    }

    private static void CheckCodecs(IReadOnlyList<ICustomTransformerCodec> codecs)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var codec in codecs)
        {
            ArgumentNullException.ThrowIfNull(codec, nameof(codecs));
            string kind = codec.Kind;
            if (!ContainerManifest.IsValidKind(kind) || kind is ContainerManifest.MlNetKind or ContainerManifest.SchemaKind)
                throw new ArgumentException($"Codec kind '{kind}' is not allowed: use letters, digits, '.', '-' or '_', and not 'mlnet' or 'schema'.", nameof(codecs));
            if (!kinds.Add(kind))
                throw new ArgumentException($"Two codecs have the kind '{kind}'.", nameof(codecs));
        }
    }
}
