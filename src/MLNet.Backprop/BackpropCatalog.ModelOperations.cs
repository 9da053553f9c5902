using Microsoft.ML;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Serialization;

namespace MLNet.Backprop;

// Saving and loading whole fitted pipelines that contain BackpropTransformers, as one file: a zip of its own format
// (versioned, with a SHA-256 per entry) in which ML.NET's parts are stored by ML.NET's own Model.Save and the MLPs by
// MLNet.Backprop. Saving is atomic (a temporary file renamed over the target); loading checks everything and reports
// any damage as InvalidDataException. Plain ml.Model.Load cannot read it.
public static partial class BackpropCatalog
{
    private static readonly ICustomTransformerCodec[] Codecs = [BackpropTransformerCodec.Instance];
    private static readonly ICustomTransformerCodec[] CodecsWithoutEpochs = [BackpropTransformerCodec.WithoutEpochs];

    /// <summary>Saves <paramref name="model"/> and the schema it expects to <paramref name="filePath"/>, atomically.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline (any mix of ML.NET transformers and BackpropTransformers).</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="filePath">Target file; replaced only once the new file is complete.</param>
    /// <exception cref="NotSupportedException">A model's weights (every network of an ensemble together) exceed what a file
    /// holds (about 1 GiB per model: what <c>LoadBackprop</c> accepts); refused before anything is written.</exception>
    /// <exception cref="DirectoryNotFoundException">The file's directory does not exist (checked before any work).</exception>
    /// <exception cref="IOException"><paramref name="filePath"/> is a directory (checked before any work).</exception>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using Microsoft.ML.Data;
    /// using MLNet.Backprop;
    ///
    /// var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
    ///     .Append(ml.BinaryClassification.Trainers.Backprop());
    /// var model = pipeline.Fit(trainData);
    ///
    /// ml.Model.SaveBackprop(model, trainData.Schema, "churn.zip");          // atomic: a failed save leaves the old file
    /// var loaded = ml.Model.LoadBackprop("churn.zip", out var inputSchema); // the same scores, bit for bit
    /// var network = ((TransformerChain<ITransformer>)loaded).LastTransformer as BackpropTransformer;
    /// Console.WriteLine(network?.Model.History.BestEpoch);                    // history and diagnosis come back too
    /// ]]></code>
    /// </example>
    public static void SaveBackprop(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ModelContainer.Save(catalog, model, inputSchema, filePath, Codecs);
    }

    /// <summary>Saves <paramref name="model"/> and the schema it expects to <paramref name="stream"/>; nothing is written if saving fails.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="NotSupportedException">A model's weights exceed what a file holds (see the path overload).</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable (checked before any work).</exception>
    public static void SaveBackprop(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ModelContainer.Save(catalog, model, inputSchema, stream, Codecs);
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="filePath"/>, atomically, with or without the per-epoch
    /// training history.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline (any mix of ML.NET transformers and BackpropTransformers).</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="filePath">Target file; replaced only once the new file is complete.</param>
    /// <param name="includeEpochHistory">False leaves the per-epoch records (losses, metrics, per-layer statistics) out,
    /// which are most of a small model's file; the weights, the diagnosis, the stop reason, the kept epoch, the settings and
    /// the calibration report stay, and the loaded model's <c>History.Epochs</c> is empty.</param>
    /// <exception cref="NotSupportedException">A model's weights exceed what a file holds (see the first overload).</exception>
    /// <exception cref="DirectoryNotFoundException">The file's directory does not exist (checked before any work).</exception>
    /// <exception cref="IOException"><paramref name="filePath"/> is a directory (checked before any work).</exception>
    public static void SaveBackprop(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath, bool includeEpochHistory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ModelContainer.Save(catalog, model, inputSchema, filePath, includeEpochHistory ? Codecs : CodecsWithoutEpochs);
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="stream"/>, with or without the per-epoch training history;
    /// nothing is written if saving fails.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="includeEpochHistory">False leaves the per-epoch records out (see the path overload).</param>
    /// <exception cref="NotSupportedException">A model's weights exceed what a file holds (see the first overload).</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable (checked before any work).</exception>
    public static void SaveBackprop(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream stream, bool includeEpochHistory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ModelContainer.Save(catalog, model, inputSchema, stream, includeEpochHistory ? Codecs : CodecsWithoutEpochs);
    }

    /// <summary>Loads a pipeline saved by <c>SaveBackprop</c>.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="filePath">The file.</param>
    /// <param name="inputSchema">The schema the pipeline expects.</param>
    /// <returns>The pipeline, with its BackpropTransformers as real objects (so <c>Model</c> and the history are there).</returns>
    /// <exception cref="InvalidDataException">The file is truncated, damaged, foreign, or from a newer format version.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="filePath"/>, or a directory there.</exception>
    /// <exception cref="InvalidOperationException">A step of the pipeline needs an assembly this application does not
    /// reference (e.g. Microsoft.ML.FastTree for a tree featurizer); the message names the package to add.</exception>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// // A file written by ml.Model.SaveBackprop; a damaged or foreign file throws InvalidDataException naming the problem.
    /// ITransformer model = ml.Model.LoadBackprop("churn.zip", out DataViewSchema inputSchema);
    /// IDataView scored = model.Transform(testData);
    /// var metrics = ml.BinaryClassification.Evaluate(scored);
    /// Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4} (the model expects {inputSchema.Count} input columns)");
    /// ]]></code>
    /// </example>
    public static ITransformer LoadBackprop(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        return ModelContainer.Load(catalog, filePath, out inputSchema, Codecs);
    }

    /// <summary>Loads a pipeline saved by <c>SaveBackprop</c> from a stream, reading from the stream's position to its end:
    /// <c>SaveBackprop</c> writes at the stream's position, so a model stored after a header loads in place (it must end
    /// with the stream). A seekable stream positioned inside a model that starts at 0 is read from 0, as before.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="stream">A readable stream.</param>
    /// <param name="inputSchema">The schema the pipeline expects.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The data is truncated, damaged, foreign, or from a newer format version, or
    /// the stream is at its end (the message says to rewind it); when the stream's position is not 0, the message names
    /// it.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidOperationException">A step of the pipeline needs an assembly this application does not
    /// reference (see the path overload).</exception>
    public static ITransformer LoadBackprop(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ModelContainer.Load(catalog, stream, out inputSchema, Codecs);
    }
}
