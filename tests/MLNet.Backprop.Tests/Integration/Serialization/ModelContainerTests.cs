using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.Integration.TestDoubles;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Integration.Serialization;

public sealed class ModelContainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly MLContext _ml = new(seed: 0);
    private readonly string _directory = Directory.CreateTempSubdirectory("mlnet-backprop-container-").FullName;
    private static readonly ICustomTransformerCodec[] Codecs = [new LinearTransformerCodec()];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>MapValueToKey → NormalizeMinMax → custom → MapKeyToValue: built-ins before and after the custom one.</summary>
    private (ITransformer Model, IDataView Data) MulticlassPipeline()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Multiclass(60));
        var model = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(new LinearEstimator(PredictionKind.MulticlassClassification))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
            .Fit(data);
        return (model, data);
    }

    private static string Scores(ITransformer model, IDataView data)
    {
        // One string holding every output value, so "identical scores" is one exact comparison.
        var scored = model.Transform(data);
        var scores = scored.GetColumn<float[]>("Score").Select(s => string.Join(",", s.Select(v => v.ToString("R"))));
        var classes = scored.GetColumn<string>("PredictedClass");
        return string.Join("\n", scores.Zip(classes, (s, c) => $"{s};{c}"));
    }

    private byte[] SaveToBytes(ITransformer model, DataViewSchema schema, IReadOnlyList<ICustomTransformerCodec>? codecs = null)
    {
        using var stream = new MemoryStream();
        ModelContainer.Save(_ml.Model, model, schema, stream, codecs ?? Codecs);
        return stream.ToArray();
    }

    private TransformerChain<ITransformer> LoadBytes(byte[] bytes, IReadOnlyList<ICustomTransformerCodec>? codecs = null) =>
        ModelContainer.Load(_ml.Model, new MemoryStream(bytes), out _, codecs ?? Codecs);

    [Fact]
    public void SaveLoad_FileRoundTrip_ScoresIdenticallyAndKeepsInputSchema()
    {
        var (model, data) = MulticlassPipeline();
        string path = Path.Combine(_directory, "model.zip");

        ModelContainer.Save(_ml.Model, model, data.Schema, path, Codecs);
        var loaded = ModelContainer.Load(_ml.Model, path, out var inputSchema, Codecs);

        Scores(loaded, data).ShouldBe(Scores(model, data));
        inputSchema.Select(c => $"{c.Name}:{c.Type}").ShouldBe(data.Schema.Select(c => $"{c.Name}:{c.Type}"));
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [Fact]
    public void Load_PipelineWithCustomTransformer_ContainsTheRealCustomTypeInOrder()
    {
        var (model, data) = MulticlassPipeline();

        var loaded = LoadBytes(SaveToBytes(model, data.Schema));

        loaded.Count().ShouldBe(4);
        var original = ((IEnumerable<ITransformer>)model).OfType<LinearTransformer>().Single();
        loaded.ElementAt(2).ShouldBeOfType<LinearTransformer>().Model.ClassNames!.Select(n => n.ToString())
            .ShouldBe(original.Model.ClassNames!.Select(n => n.ToString()));
        loaded.Last().GetType().Name.ShouldBe("KeyToValueMappingTransformer");
    }

    [Fact]
    public void SaveLoad_ChainStartingWithCustomTransformer_RoundTrips()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Binary(50));
        var model = new LinearEstimator(PredictionKind.BinaryClassification).Fit(data);

        var loaded = LoadBytes(SaveToBytes(model, data.Schema));

        loaded.Single().ShouldBeOfType<LinearTransformer>();
        PlumbingData.Floats(loaded.Transform(data), "Probability").ShouldBe(PlumbingData.Floats(model.Transform(data), "Probability"));
    }

    [Fact]
    public void SaveLoad_OnlyBuiltInTransformers_RoundTrips()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Binary(20));
        var model = _ml.Transforms.NormalizeMinMax("Features").Fit(data);

        var loaded = LoadBytes(SaveToBytes(model, data.Schema));

        loaded.Transform(data).GetColumn<float[]>("Features").SelectMany(f => f)
            .ShouldBe(model.Transform(data).GetColumn<float[]>("Features").SelectMany(f => f));
    }

    [Fact]
    public void Load_PredictionEngineOnLoadedChain_ReturnsClassNames()
    {
        var (model, data) = MulticlassPipeline();
        var loaded = LoadBytes(SaveToBytes(model, data.Schema));
        var engine = _ml.Model.CreatePredictionEngine<MulticlassRow, MulticlassPrediction>(loaded);
        var original = _ml.Model.CreatePredictionEngine<MulticlassRow, MulticlassPrediction>(model);

        foreach (var row in PlumbingData.Multiclass(10, seed: 9))
            engine.Predict(row).PredictedClass.ShouldBe(original.Predict(row).PredictedClass);
    }

    [Fact]
    public void Load_EveryByteFlipped_ThrowsInvalidDataOrScoresIdentically()
    {
        var (model, data) = MulticlassPipeline();
        byte[] bytes = SaveToBytes(model, data.Schema);
        string expected = Scores(model, data);
        // Every byte when the file is small; a dense, deterministic sample otherwise, to bound the run time.
        int step = Math.Max(1, bytes.Length / 20_000);
        int rejected = 0, harmless = 0;

        for (int i = 0; i < bytes.Length; i += step)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= (byte)(i % 2 == 0 ? 0x01 : 0x80);
            TransformerChain<ITransformer> loaded;
            try
            {
                loaded = LoadBytes(damaged);
            }
            catch (InvalidDataException)
            {
                rejected++;
                continue;
            }
            // The flip hit bytes the zip reader ignores: the model must then be exactly the original.
            Scores(loaded, data).ShouldBe(expected, $"byte {i} flipped");
            harmless++;
        }

        output.WriteLine($"{bytes.Length} bytes, step {step}: {rejected} flips rejected, {harmless} harmless");
        rejected.ShouldBeGreaterThan(harmless);
    }

    [Fact]
    public void Load_TruncatedAtAnyLength_ThrowsInvalidData()
    {
        var (model, data) = MulticlassPipeline();
        byte[] bytes = SaveToBytes(model, data.Schema);
        int step = Math.Max(1, bytes.Length / 2_000);

        for (int length = 0; length < bytes.Length; length += step)
            Should.Throw<InvalidDataException>(() => LoadBytes(bytes[..length]), $"truncated to {length} bytes");
    }

    [Fact]
    public void Load_ZeroLengthFile_ThrowsInvalidDataSayingEmpty()
    {
        string path = Path.Combine(_directory, "empty.zip");
        File.WriteAllBytes(path, []);

        var e = Should.Throw<InvalidDataException>(() => ModelContainer.Load(_ml.Model, path, out _, Codecs));

        e.Message.ShouldBe("The model file is empty.");
    }

    [Fact]
    public void Load_StreamLeftAtItsEndAfterWriting_ThrowsInvalidDataSayingRewind()
    {
        var (model, data) = MulticlassPipeline();
        using var stream = new MemoryStream();
        ModelContainer.Save(_ml.Model, model, data.Schema, stream, Codecs); // leaves the stream at its end

        var e = Should.Throw<InvalidDataException>(() => ModelContainer.Load(_ml.Model, stream, out _, Codecs));

        e.Message.ShouldContain($"position {stream.Length}");
        e.Message.ShouldContain("stream.Position = 0");
        stream.Position = 0;
        Scores(ModelContainer.Load(_ml.Model, stream, out _, Codecs), data).ShouldBe(Scores(model, data));
    }

    [Fact]
    public void Load_ModelWrittenAfterAHeaderInALargerFile_ReadsFromTheStreamsPositionAndScoresIdentically()
    {
        // Save writes at the stream's position; Load reads from it, so a model stored after other data loads in place.
        var (model, data) = MulticlassPipeline();
        byte[] header = Enumerable.Range(0, 173).Select(i => (byte)i).ToArray();
        string path = Path.Combine(_directory, "records.bin");
        using (var file = File.Create(path))
        {
            file.Write(header);
            ModelContainer.Save(_ml.Model, model, data.Schema, file, Codecs);
        }

        using var stream = File.OpenRead(path);
        stream.Position = header.Length;
        var loaded = ModelContainer.Load(_ml.Model, stream, out var inputSchema, Codecs);

        Scores(loaded, data).ShouldBe(Scores(model, data));
        Scores(loaded, data).ShouldBe(Scores(LoadBytes(File.ReadAllBytes(path)[header.Length..]), data)); // the same model at position 0
        inputSchema.Select(c => $"{c.Name}:{c.Type}").ShouldBe(data.Schema.Select(c => $"{c.Name}:{c.Type}"));
    }

    [Fact]
    public void Load_StreamLeftInsideAModelAtPositionZero_LoadsItAsBefore()
    {
        // Before the position was read, a seekable stream was read from 0 wherever it stood: that still loads.
        var (model, data) = MulticlassPipeline();
        using var stream = new MemoryStream(SaveToBytes(model, data.Schema)) { Position = 10 };

        Scores(ModelContainer.Load(_ml.Model, stream, out _, Codecs), data).ShouldBe(Scores(model, data));
    }

    [Fact]
    public void Load_DamagedModelAfterAHeader_ThrowsInvalidDataNamingThePosition()
    {
        var (model, data) = MulticlassPipeline();
        byte[] bytes = SaveToBytes(model, data.Schema);
        using var stream = new MemoryStream();
        stream.Write(new byte[64]);
        stream.Write(bytes, 0, bytes.Length - 30); // its end of central directory cut off
        stream.Position = 64;

        var e = Should.Throw<InvalidDataException>(() => ModelContainer.Load(_ml.Model, stream, out _, Codecs));

        e.Message.ShouldContain("read from the stream's position 64, where the model must start");
    }

    [Fact]
    public void Load_PathOfADirectory_ThrowsFileNotFoundSayingItIsADirectory()
    {
        // Before: UnauthorizedAccessException "Access to the path ... is denied".
        var e = Should.Throw<FileNotFoundException>(() => ModelContainer.Load(_ml.Model, _directory, out _, Codecs));
        e.Message.ShouldContain($"'{_directory}' is a directory");
        e.FileName.ShouldBe(_directory);
    }

    [Fact]
    public void Save_ToAReadOnlyStream_ThrowsNamingTheStreamBeforeBuildingTheContainer()
    {
        var (model, data) = MulticlassPipeline();
        // Before: NotSupportedException "Stream does not support writing." once the whole container was built.
        var e = Should.Throw<ArgumentException>(() => ModelContainer.Save(_ml.Model, model, data.Schema, new MemoryStream(new byte[16], writable: false), Codecs));
        e.ParamName.ShouldBe("stream");
        e.Message.ShouldContain("not writable");
    }

    [Fact]
    public void Load_FromAClosedStream_ThrowsSayingItIsNotReadable()
    {
        var (model, data) = MulticlassPipeline();
        var stream = new MemoryStream(SaveToBytes(model, data.Schema));
        stream.Dispose();
        var e = Should.Throw<ArgumentException>(() => ModelContainer.Load(_ml.Model, stream, out _, Codecs));
        e.ParamName.ShouldBe("stream");
        e.Message.ShouldContain("not readable");
    }

    [Fact]
    public void Save_IntoMissingDirectory_ThrowsNamingTheTargetAndItsDirectoryAndWritesNothing()
    {
        var (model, data) = MulticlassPipeline();
        string missing = Path.Combine(_directory, "no-such-folder");
        string path = Path.Combine(missing, "model.zip");

        var e = Should.Throw<DirectoryNotFoundException>(() => ModelContainer.Save(_ml.Model, model, data.Schema, path, Codecs));

        e.Message.ShouldContain($"'{path}'");
        e.Message.ShouldContain($"'{missing}' does not exist");
        e.Message.ShouldNotContain(".tmp");
        Directory.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public void Save_IntoAFolderThatIsAFile_ThrowsSayingItIsAFileAndLeavesItAlone()
    {
        // Before: "its directory ... does not exist (create it first)", which cannot be done: a file has that name.
        var (model, data) = MulticlassPipeline();
        string file = Path.Combine(_directory, "notes");
        File.WriteAllText(file, "kept");
        string path = Path.Combine(file, "model.zip");

        var e = Should.Throw<IOException>(() => ModelContainer.Save(_ml.Model, model, data.Schema, path, Codecs));

        e.Message.ShouldContain($"'{path}'");
        e.Message.ShouldContain($"'{file}' is a file, not a folder");
        File.ReadAllText(file).ShouldBe("kept");
    }

    [Fact]
    public void Save_OverADirectory_ThrowsNamingItBeforeWritingAndLeavesItAlone()
    {
        var (model, data) = MulticlassPipeline();
        string path = Directory.CreateDirectory(Path.Combine(_directory, "models")).FullName;

        var e = Should.Throw<IOException>(() => ModelContainer.Save(_ml.Model, model, data.Schema, path, Codecs));

        e.Message.ShouldContain($"'{path}': it is a directory");
        Directory.GetFileSystemEntries(_directory).ShouldBe([path]); // no temporary file left beside it
        Directory.GetFileSystemEntries(path).ShouldBeEmpty();
    }

    [Fact]
    public void Load_NotAZip_ThrowsInvalidData()
    {
        var e = Should.Throw<InvalidDataException>(() => LoadBytes(Encoding.UTF8.GetBytes("Label,Features\ntrue,1 2 3\n")));

        e.Message.ShouldStartWith("The model file is not a zip file");
    }

    [Fact]
    public void Load_ForeignZip_ThrowsInvalidDataNamingMissingManifest()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            w.Write("hello");
        }

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(stream.ToArray()));

        e.Message.ShouldContain("no 'manifest' entry");
    }

    [Fact]
    public void Load_PlainMlNetModelZip_ThrowsInvalidDataPointingToModelLoad()
    {
        var data = _ml.Data.LoadFromEnumerable(PlumbingData.Binary(10));
        using var stream = new MemoryStream();
        _ml.Model.Save(_ml.Transforms.NormalizeMinMax("Features").Fit(data), data.Schema, stream);

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(stream.ToArray()));

        e.Message.ShouldContain("MLContext.Model.Load");
    }

    [Fact]
    public void MlNetModelLoad_ContainerFile_FailsInsideMlNetWithTheMessageTheReadmeQuotes()
    {
        // ML.NET's loader cannot be taught this format from outside; the README quotes its message so that a user who
        // meets it finds LoadBackprop. This pins the message: a new ML.NET wording fails here, not in a user's search.
        var (model, data) = MulticlassPipeline();

        var e = Should.Throw<InvalidOperationException>(() => _ml.Model.Load(new MemoryStream(SaveToBytes(model, data.Schema)), out _));

        e.Message.ShouldBe("Could not load legacy format model");
        e.InnerException.ShouldNotBeNull().Message.ShouldBe("Repository doesn't contain entry DataLoaderModel/Model.key");
    }

    [Fact]
    public void Load_NewerFormatVersion_ThrowsInvalidDataNamingVersionAndNewerLibrary()
    {
        var (model, data) = MulticlassPipeline();
        var bytes = EditManifest(SaveToBytes(model, data.Schema), m => m.Replace("version 1\n", "version 2\n"));

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(bytes));

        e.Message.ShouldContain("version 2");
        e.Message.ShouldContain("a newer MLNet.Backprop is needed");
    }

    [Fact]
    public void Load_UnknownCodecKind_ThrowsInvalidDataNamingKindAndEntry()
    {
        var (model, data) = MulticlassPipeline();

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(SaveToBytes(model, data.Schema), codecs: []));

        e.Message.ShouldContain("kind 'test-linear'");
        e.Message.ShouldContain("seg002.test-linear.bin");
    }

    [Fact]
    public void Load_EntryContentReplaced_ThrowsInvalidDataChecksumMismatch()
    {
        var (model, data) = MulticlassPipeline();
        var bytes = Edit(SaveToBytes(model, data.Schema), zip => Replace(zip, "seg002.test-linear.bin", [1, 2, 3]));

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(bytes));

        e.Message.ShouldContain("'seg002.test-linear.bin'");
        e.Message.ShouldContain("SHA-256");
    }

    [Fact]
    public void Load_EntryNotInManifest_ThrowsInvalidData()
    {
        var (model, data) = MulticlassPipeline();
        var bytes = Edit(SaveToBytes(model, data.Schema), zip => Replace(zip, "extra.bin", [0]));

        Should.Throw<InvalidDataException>(() => LoadBytes(bytes)).Message.ShouldContain("'extra.bin'");
    }

    [Fact]
    public void Load_MlNetSegmentThatMlNetCannotLoad_ThrowsInvalidDataNamingEntry()
    {
        // A well-formed container (checksums match) whose ML.NET segment is some other zip: ML.NET's loader throws.
        var (model, data) = MulticlassPipeline();
        byte[] foreign;
        using (var s = new MemoryStream())
        {
            using (var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true))
                zip.CreateEntry("readme.txt");
            foreign = s.ToArray();
        }
        var container = SaveToBytes(model, data.Schema);
        string oldHash = ModelContainer.Hash(ReadEntry(container, "seg001.mlnet.zip"));
        var bytes = Edit(EditManifest(container, m => m.Replace(oldHash, ModelContainer.Hash(foreign))),
            zip => Replace(zip, "seg001.mlnet.zip", foreign));

        var e = Should.Throw<InvalidDataException>(() => LoadBytes(bytes));

        e.Message.ShouldStartWith("ML.NET could not load entry 'seg001.mlnet.zip'");
    }

    [Fact]
    public void Load_CodecThrows_ThrowsInvalidDataWrappingIt()
    {
        var (model, data) = MulticlassPipeline();

        var e = Should.Throw<InvalidDataException>(() =>
            LoadBytes(SaveToBytes(model, data.Schema), [new LinearTransformerCodec { FailOnLoad = true }]));

        e.Message.ShouldContain("Codec 'test-linear' could not load entry 'seg002.test-linear.bin'");
        e.InnerException.ShouldBeOfType<InvalidCastException>();
    }

    [Fact]
    public void Save_CodecThrowsMidSave_LeavesExistingFileUntouchedAndNoTempFile()
    {
        var (model, data) = MulticlassPipeline();
        string path = Path.Combine(_directory, "model.zip");
        ModelContainer.Save(_ml.Model, model, data.Schema, path, Codecs);
        byte[] before = File.ReadAllBytes(path);

        Should.Throw<IOException>(() =>
            ModelContainer.Save(_ml.Model, model, data.Schema, path, [new LinearTransformerCodec { FailMidSave = true }]));

        File.ReadAllBytes(path).ShouldBe(before);
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [Fact]
    public void Save_CodecThrowsWithNoExistingFile_CreatesNoFile()
    {
        var (model, data) = MulticlassPipeline();
        string path = Path.Combine(_directory, "new.zip");

        Should.Throw<IOException>(() =>
            ModelContainer.Save(_ml.Model, model, data.Schema, path, [new LinearTransformerCodec { FailMidSave = true }]));

        Directory.GetFiles(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void Save_ToStreamWhenCodecThrows_WritesNothing()
    {
        var (model, data) = MulticlassPipeline();
        using var stream = new MemoryStream();

        Should.Throw<IOException>(() =>
            ModelContainer.Save(_ml.Model, model, data.Schema, stream, [new LinearTransformerCodec { FailMidSave = true }]));

        stream.Length.ShouldBe(0);
    }

    [Fact]
    public void Save_CodecKindMlnet_ThrowsArgumentException()
    {
        var (model, data) = MulticlassPipeline();

        Should.Throw<ArgumentException>(() => SaveToBytes(model, data.Schema, [new KindOverride("mlnet")]));
        Should.Throw<ArgumentException>(() => SaveToBytes(model, data.Schema, [new KindOverride("bad kind")]));
    }

    private static byte[] EditManifest(byte[] container, Func<string, string> edit) =>
        Edit(container, zip =>
        {
            var entry = zip.GetEntry("manifest")!;
            string text;
            using (var r = new StreamReader(entry.Open()))
                text = r.ReadToEnd();
            Replace(zip, "manifest", Encoding.UTF8.GetBytes(edit(text)));
        });

    private static byte[] ReadEntry(byte[] container, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(container), ZipArchiveMode.Read);
        using var copy = new MemoryStream();
        using (var s = zip.GetEntry(name)!.Open())
            s.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Edit(byte[] container, Action<ZipArchive> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(container);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            edit(zip);
        return stream.ToArray();
    }

    private static void Replace(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)?.Delete();
        using var s = zip.CreateEntry(name).Open();
        s.Write(content);
    }

    private sealed class KindOverride(string kind) : ICustomTransformerCodec
    {
        public string Kind => kind;

        public bool CanSave(ITransformer transformer) => transformer is LinearTransformer;

        public void Save(ITransformer transformer, Stream stream) => new LinearTransformerCodec().Save(transformer, stream);

        public ITransformer Load(ModelOperationsCatalog models, Stream stream, DataViewSchema inputSchemaAtThisPoint) => throw new NotSupportedException();
    }
}
