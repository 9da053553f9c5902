using Microsoft.ML;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// Saves and loads one kind of transformer that ML.NET itself cannot save (its <c>ModelSaveContext</c> is closed to
/// third parties), as one segment of a <see cref="ModelContainer"/>.
/// </summary>
internal interface ICustomTransformerCodec
{
    /// <summary>
    /// Identifies the segment format in the manifest, e.g. <c>backprop-mlp</c>; letters, digits, '.', '-' and '_'
    /// only, and not <c>mlnet</c>, which names ML.NET segments. Never change it once files exist.
    /// </summary>
    string Kind { get; }

    /// <summary>True when this codec saves <paramref name="transformer"/>.</summary>
    bool CanSave(ITransformer transformer);

    /// <summary>Writes <paramref name="transformer"/> to <paramref name="stream"/> (which the container owns).</summary>
    void Save(ITransformer transformer, Stream stream);

    /// <summary>Reads a transformer written by <see cref="Save"/>.</summary>
    /// <param name="models">The ML.NET model catalog the container is loaded with.</param>
    /// <param name="stream">The segment's bytes, already checked against the manifest's SHA-256.</param>
    /// <param name="inputSchemaAtThisPoint">The schema the previous segments produce, i.e. this transformer's input.</param>
    /// <remarks>The reader binds the returned transformer to <paramref name="inputSchemaAtThisPoint"/> right after
    /// (<c>GetOutputSchema</c>, its refusal wrapped in an <see cref="InvalidDataException"/> naming the entry): a codec need
    /// not bind it again. Any exception thrown here reaches the caller of <see cref="ModelContainer.Load(ModelOperationsCatalog, Stream, out DataViewSchema, IReadOnlyList{ICustomTransformerCodec})"/> as <see cref="InvalidDataException"/>.</remarks>
    ITransformer Load(ModelOperationsCatalog models, Stream stream, DataViewSchema inputSchemaAtThisPoint);
}
