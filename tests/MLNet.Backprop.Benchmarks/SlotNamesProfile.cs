using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <c>--slot-names-profile dataDir [rounds] [bind]</c>: what storing the training slot names costs a wide model. The fine-food
/// reviews (dataDir/fine_foods_train.csv) through <c>FeaturizeText("Features", "review")</c> and the default trainer (fitted
/// once); then the same model with its slot names and without them (a copy whose names are null), in rotating rounds:
/// the SaveBackprop and ml.Model.Save file sizes and times, LoadBackprop and ml.Model.Load times, and the binding of the
/// loaded pipeline (<c>Transform</c> of 8 rows with the first score read, <c>CreatePredictionEngine</c>), best and median,
/// with the bytes allocated by LoadBackprop; with <c>bind</c> after the rounds, the binding alone (of the pipeline in
/// memory, nothing saved). First, five times, one binding's check split in two: the annotation fetched (ML.NET building
/// the names) and <c>ScoringSlots.Check</c> on the same names already built (what the check itself costs).
/// </summary>
public static class SlotNamesProfile
{
    private sealed class Input
    {
        [ColumnName("review")] public string Review { get; set; } = "";
    }

    private sealed class Output
    {
        public float Score { get; set; }
    }

    /// <summary>Runs the profile.</summary>
    public static void Print(string dataDir, int rounds, bool bindOnly = false)
    {
        var ml = new MLContext(seed: 0);
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            HasHeader = true, Separators = [','], AllowQuoting = true,
            Columns = [new("review", DataKind.String, 1), new("score", DataKind.String, 2)],
        });
        var train = loader.Load(Path.Combine(dataDir, "fine_foods_train.csv"));
        var labelled = ml.Transforms.Conversion.MapValue("Label", new[] { KeyValuePair.Create("great", true), KeyValuePair.Create("other", false) }, "score")
            .Fit(train).Transform(train);
        string dir = Path.Combine(Path.GetTempPath(), "slot-names-profile");
        Directory.CreateDirectory(dir);
        // The fitted pipeline is kept between runs (a fit takes about a minute on a busy machine): delete dir/trained.zip to refit.
        string trainedPath = Path.Combine(dir, "trained.zip");
        if (!File.Exists(trainedPath))
        {
            long start = Stopwatch.GetTimestamp();
            var fitted = ml.Transforms.Text.FeaturizeText("Features", "review")
                .Append(ml.BinaryClassification.Trainers.Backprop(labelColumnName: "Label", featureColumnName: "Features")).Fit(labelled);
            Console.WriteLine($"fit {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            ml.Model.SaveBackprop(fitted, labelled.Schema, trainedPath);
        }
        var chain = (TransformerChain<ITransformer>)ml.Model.LoadBackprop(trainedPath, out _);
        var featurizer = chain.First();
        var trained = (BackpropTransformer)chain.LastTransformer;
        var featurized = featurizer.Transform(labelled);
        Console.WriteLine($"{trained.Model.FeatureCount:N0} slots, {trained.Model.Networks.Count} networks, " +
            $"first layer {trained.Model.Network.Layers[0].InputSize}x{trained.Model.Network.Layers[0].OutputSize}; names stored by the trainer: {trained.Model.SlotNames?.Count ?? 0:N0}");
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        featurized.Schema["Features"].GetSlotNames(ref slotNames);
        var names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        Console.WriteLine($"slot names: {names.Length:N0}, {names.Sum(n => (long)n.Length):N0} characters, " +
            $"{names.Sum(n => (long)System.Text.Encoding.UTF8.GetByteCount(n) + 1 + (n.Length >= 128 ? 1 : 0)):N0} bytes as BinaryWriter strings, {names.Count(n => n.Length == 0):N0} empty");
        var column = featurized.Schema["Features"];
        // The same names already built, handed out by a getter that only copies them: what the check itself costs.
        var built = slotNames.DenseValues().ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, built.Length),
            (ref VBuffer<ReadOnlyMemory<char>> value) =>
            {
                var editor = VBufferEditor.Create(ref value, built.Length);
                built.CopyTo(editor.Values);
                value = editor.Commit();
            });
        var prebuiltSchema = new DataViewSchema.Builder();
        prebuiltSchema.AddColumn("Features", column.Type, annotations.ToAnnotations());
        var prebuilt = prebuiltSchema.ToSchema()["Features"];
        for (int i = 0; i < 5; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            VBuffer<ReadOnlyMemory<char>> fetched = default;
            column.GetSlotNames(ref fetched);
            double annotation = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            t0 = Stopwatch.GetTimestamp();
            Integration.Scoring.ScoringSlots.Check(column, names);
            double check = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            t0 = Stopwatch.GetTimestamp();
            var schema = featurizer.GetOutputSchema(labelled.Schema);
            double featurizerSchema = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            t0 = Stopwatch.GetTimestamp();
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            Integration.Scoring.ScoringSlots.Check(prebuilt, names);
            double ours = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            t0 = Stopwatch.GetTimestamp();
            prebuilt.GetSlotNames(ref fetched);
            double copied = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            Console.WriteLine($"the annotation fetched {annotation:F1} ms; ScoringSlots.Check {check:F1} ms; featurizer.GetOutputSchema {featurizerSchema:F1} ms; " +
                $"on names already built: ScoringSlots.Check {ours:F1} ms, {bytes:N0} bytes allocated (their getter alone {copied:F1} ms)");
        }
        var m = trained.Model;
        BackpropTransformer With(IReadOnlyList<string>? stored) => new(
            new BackpropModel(m.Task, m.Networks, m.Loss, m.ClassNames, m.History, m.TargetOffset, m.TargetScale, m.Categorical)
            {
                NetworkHistories = m.NetworkHistories, OutputCalibration = m.OutputCalibration, SlotNames = stored,
            }, "Features");
        var cases = new (string Name, ITransformer Pipeline)[]
        {
            ("names", new TransformerChain<ITransformer>(featurizer, With(names))),
            ("none", new TransformerChain<ITransformer>(featurizer, With(null))),
        };
        var rows = ml.Data.TakeRows(train, 8);
        var one = new Input { Review = "I absolutely LOVE this dried fruit." };
        var times = cases.ToDictionary(c => c.Name, _ => new Dictionary<string, List<double>>());
        var sizes = new Dictionary<string, long>();
        var allocated = new Dictionary<string, long>();
        void Time(string name, string what, Action action)
        {
            long t = Stopwatch.GetTimestamp();
            action();
            (times[name].TryGetValue(what, out var list) ? list : times[name][what] = []).Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, pipeline) in round % 2 == 0 ? cases : cases.Reverse())
            {
                // With bindOnly the pipeline in memory is bound as it is: no file written or read.
                ITransformer loaded = pipeline;
                string backprop = Path.Combine(dir, $"{name}.backprop.zip"), mlnet = Path.Combine(dir, $"{name}.mlnet.zip");
                if (!bindOnly)
                {
                    GC.Collect();
                    Time(name, "SaveBackprop", () => ml.Model.SaveBackprop(pipeline, train.Schema, backprop));
                    Time(name, "ml.Model.Save", () => ml.Model.Save(pipeline, train.Schema, mlnet));
                    sizes[$"{name} SaveBackprop"] = new FileInfo(backprop).Length;
                    sizes[$"{name} ml.Model.Save"] = new FileInfo(mlnet).Length;
                    GC.Collect();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Time(name, "LoadBackprop", () => loaded = ml.Model.LoadBackprop(backprop, out _));
                    allocated[name] = GC.GetAllocatedBytesForCurrentThread() - before;
                }
                Time(name, "bind: Transform + 1st score", () =>
                {
                    var scored = loaded.Transform(rows);
                    using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == "Score"));
                    cursor.MoveNext();
                });
                Time(name, "bind: CreatePredictionEngine", () => ml.Model.CreatePredictionEngine<Input, Output>(loaded).Predict(one));
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                Time(name, "bind: model alone GetOutputSchema", () => ((TransformerChain<ITransformer>)loaded).LastTransformer.GetOutputSchema(featurized.Schema));
                allocated[$"{name} GetOutputSchema"] = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                if (bindOnly) continue;
                GC.Collect();
                ITransformer plain = null!;
                Time(name, "ml.Model.Load", () => plain = ml.Model.Load(mlnet, out _));
                (plain as IDisposable)?.Dispose();
            }
        }
        Console.WriteLine($"rounds {rounds}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (key, size) in sizes.OrderBy(s => s.Key)) Console.WriteLine($"{key,-20} {size,14:N0} bytes");
        foreach (var (name, bytes) in allocated) Console.WriteLine($"{name,-26} allocated {bytes,14:N0} bytes (last round; a name alone: LoadBackprop)");
        foreach (string what in times["names"].Keys)
        {
            string Stat(string name)
            {
                var sorted = times[name][what].Order().ToArray();
                return $"best {sorted[0],9:F1} median {sorted[sorted.Length / 2],9:F1} ms";
            }
            Console.WriteLine($"{what,-36} names: {Stat("names")}   none: {Stat("none")}");
        }
    }
}
