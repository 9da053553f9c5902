using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <c>--onnx-embedding-profile [dir]</c>: a served row of two ensembles with embedding tables, shaped as the samples'
/// models (their options, synthetic rows with their key columns' value counts, as neither sample's data is in the
/// repository): CreditRisk's (binary, 8 networks, 17 numbers and 5 text columns as keys, tables ×0.25) and
/// Recommendation's (regression, 6 networks of [16], 3 numbers and InstEval's 7 key columns). Each is saved with
/// <c>ml.Model.Save</c> to dir/NAME/served.zip (its network to served.onnx) and timed beside dir/NAME/before.zip and
/// before.onnx when they exist (copies of an earlier revision's served files: the comparison in one process, rotating
/// rounds): the node counts, the loaded model's <c>PredictionEngine</c> and ONNX Runtime's <c>Run</c> of one row alone
/// (preallocated <c>OrtValue</c>s, 1 intra-op thread).
/// </summary>
public static class OnnxEmbeddingProfile
{
    private const string Logit = "MLNet.Backprop.Logit";
    private const int Rounds = 11, TrainRows = 4000, ScoredRows = 1000;

    private sealed record Shape(string Name, bool Binary, int Features, (int Values, int? Width)[] Keys, Action<BackpropTrainer.Options> Options);

    private static readonly Shape[] Shapes =
    [
        // samples/CreditRisk, Choosing.Chosen: Term 2, SubGrade 35, State 50, Verification 3, EmploymentLength 11 values (lending_club.csv holds 2, 35, 50, 3 and 12).
        new("creditrisk", true, 17, [(2, null), (35, null), (50, null), (3, null), (11, null)], o =>
        {
            o.EmbeddingWidthScale = 0.25f;
            o.EnsembleSize = 8;
            o.NumericEncoding = NumericEncoding.None;
            o.NumericScaling = NumericScaling.Standard;
            o.LearnFeatureScales = false;
        }),
        // samples/Recommendation, Candidates.EmbeddingOptions: students 2,971 × 1, lecturers 1,128 × 1, department×service
        // 28 × 4, the two ages 4 and 6 × 4, lecturer×service 1,781 × 1, offerings 5,263 × 1 (its run's tables).
        new("recommendation", false, 3, [(2971, 1), (1128, 1), (28, 4), (4, 4), (6, 4), (1781, 1), (5263, 1)], o =>
        {
            o.EnsembleSize = 6;
            o.HiddenLayers = [16];
            o.BatchSize = 256;
            o.LearningRate = 0.1f;
            o.NumericEncoding = NumericEncoding.None;
            o.NumericScaling = NumericScaling.Standard;
            o.LearnFeatureScales = false;
        }),
    ];

    /// <summary>Runs the profile.</summary>
    public static void Print(string dir)
    {
        Console.WriteLine($"load before fitting: {OnnxScoringProfile.Load()}");
        foreach (var shape in Shapes) Profile(shape, Path.Combine(dir, shape.Name));
    }

    private static void Profile(Shape shape, string dir)
    {
        Directory.CreateDirectory(dir);
        var ml = new MLContext(seed: 0);
        var definition = Definition(shape);
        var train = ml.Data.LoadFromEnumerable(Rows(shape, TrainRows, 1), definition);
        var rows = Rows(shape, ScoredRows, 2).ToArray();
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = shape.Binary ? nameof(Row.Liked) : nameof(Row.Value), NumberOfEpochs = 3, Seed = 1,
            CategoricalColumnNames = [.. shape.Keys.Select((_, i) => $"K{i}")],
        };
        for (int i = 0; i < shape.Keys.Length; i++)
            if (shape.Keys[i].Width is int width) options.EmbeddingWidths[$"K{i}"] = width;
        shape.Options(options);
        ITransformer model = shape.Binary ? ml.BinaryClassification.Trainers.Backprop(options).Fit(train) : ml.Regression.Trainers.Backprop(options).Fit(train);
        string zip = Path.Combine(dir, "served.zip"), served = Path.Combine(dir, "served.onnx");
        ml.Model.Save(model, train.Schema, zip);
        File.WriteAllBytes(served, OnnxScoringProfile.OnnxModelOf(zip));

        var sides = new List<(string Name, string Zip, string Onnx)>();
        if (File.Exists(Path.Combine(dir, "before.zip"))) sides.Add(("before", Path.Combine(dir, "before.zip"), Path.Combine(dir, "before.onnx")));
        sides.Add(("served", zip, served));
        Console.WriteLine($"{shape.Name}: {((BackpropTransformer)model).Model.Networks.Count} networks, {shape.Keys.Length} key columns, {shape.Features} numbers");
        foreach (var side in sides)
        {
            var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(side.Onnx)).Graph;
            Console.WriteLine($"  {side.Name}: {graph.Node.Count} nodes: " + string.Join(", ", graph.Node.GroupBy(n => n.OpType).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        }

        var cases = new List<(string Name, Action<int> Run)>();
        var inProcess = ml.Model.CreatePredictionEngine<Row, Scored>(model, ignoreMissingColumns: true, inputSchemaDefinition: definition);
        cases.Add(("in-process BackpropTransformer, PredictionEngine", i => inProcess.Predict(rows[i])));
        var expected = rows.Select(r => inProcess.Predict(r).Score).ToArray();
        var disposables = new List<IDisposable>();
        foreach (var (name, sideZip, onnx) in sides)
        {
            var loaded = ml.Model.Load(sideZip, out _);
            var engine = ml.Model.CreatePredictionEngine<Row, Scored>(loaded, ignoreMissingColumns: true, inputSchemaDefinition: definition);
            Console.WriteLine($"  {name}: max |Score - in-process Score| over {rows.Length} rows: {rows.Select((r, i) => Math.Abs(engine.Predict(r).Score - expected[i])).Max():G3}");
            cases.Add(($"{name}: ml.Model.Load, PredictionEngine", i => engine.Predict(rows[i])));
            cases.Add(($"{name}: InferenceSession.Run(OrtValue), 1 row, intra-op threads 1", SessionRun(onnx, shape, rows, disposables)));
        }

        Console.WriteLine($"  load at the start of timing: {OnnxScoringProfile.Load()}");
        foreach (var (_, run) in cases) for (int i = 0; i < rows.Length; i++) run(i);
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
            for (int k = 0; k < cases.Count; k++)
            {
                int c = (k + round) % cases.Count;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < rows.Length; i++) cases[c].Run(i);
                times[c].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / rows.Length);
            }
        Console.WriteLine($"  load at the end of timing: {OnnxScoringProfile.Load()}; best (median) of {Rounds} rotating rounds, each every row once");
        for (int c = 0; c < cases.Count; c++)
            Console.WriteLine($"  {times[c].Min() * 1e6,8:F2} ({times[c].Order().ElementAt(Rounds / 2) * 1e6,8:F2}) us/row  {cases[c].Name}");
        foreach (var d in disposables) d.Dispose();
    }

    /// <summary>One row through an <c>InferenceSession</c> of the served graph: the features and each key as a uint32 [1, 1].</summary>
    private static Action<int> SessionRun(string onnx, Shape shape, Row[] rows, List<IDisposable> disposables)
    {
        var session = new InferenceSession(onnx, new SessionOptions { IntraOpNumThreads = 1 });
        var features = new float[shape.Features];
        var keys = shape.Keys.Select(_ => new uint[1]).ToArray();
        var names = session.InputMetadata.Keys.ToArray();
        var inputs = names.Select(n => n == nameof(Row.Features) ? OrtValue.CreateTensorValueFromMemory(features, [1, shape.Features])
            : OrtValue.CreateTensorValueFromMemory(keys[int.Parse(n["MLNet.Backprop.Key".Length..])], [1, 1])).ToArray();
        var runOptions = new RunOptions();
        disposables.AddRange([session, runOptions, .. inputs]);
        string[] outputs = [Logit];
        return i =>
        {
            rows[i].Features.CopyTo(features, 0);
            for (int k = 0; k < keys.Length; k++) keys[k][0] = rows[i].Key(k);
            using var result = session.Run(runOptions, names, inputs, outputs);
        };
    }

    /// <summary>Keys drawn uniformly (one in twenty 0, a missing value), numbers in [-1, 1]; the target a sum of per-key
    /// effects and the numbers.</summary>
    private static IEnumerable<Row> Rows(Shape shape, int count, int seed)
    {
        var random = new Random(seed);
        for (int r = 0; r < count; r++)
        {
            var row = new Row { Features = [.. Enumerable.Range(0, shape.Features).Select(_ => (float)random.NextDouble() * 2 - 1)] };
            float value = row.Features.Sum() / shape.Features;
            for (int k = 0; k < shape.Keys.Length; k++)
            {
                uint key = random.Next(20) == 0 ? 0u : (uint)random.Next(1, shape.Keys[k].Values + 1);
                row.SetKey(k, key);
                value += MathF.Sin(key * (k + 1)) / shape.Keys.Length;
            }
            row.Value = value;
            row.Liked = value > 0.2f;
            yield return row;
        }
    }

    private static SchemaDefinition Definition(Shape shape)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, shape.Features);
        for (int k = 0; k < Row.MaxKeys; k++)
        {
            if (k < shape.Keys.Length) definition[$"K{k}"].ColumnType = new KeyDataViewType(typeof(uint), shape.Keys[k].Values);
            else definition.Remove(definition[$"K{k}"]);
        }
        return definition;
    }

    /// <summary>A row of up to <see cref="MaxKeys"/> key columns (K0…K6; the schema definition types and keeps those used).</summary>
    public sealed class Row
    {
        /// <summary>The most key columns a shape has.</summary>
        public const int MaxKeys = 7;

        /// <summary>The numbers.</summary>
        public float[] Features { get; set; } = [];

        /// <summary>The regression target.</summary>
        public float Value { get; set; }

        /// <summary>The binary label.</summary>
        public bool Liked { get; set; }

#pragma warning disable CS1591 // K0…K6: the key columns, described on the class
        public uint K0 { get; set; }
        public uint K1 { get; set; }
        public uint K2 { get; set; }
        public uint K3 { get; set; }
        public uint K4 { get; set; }
        public uint K5 { get; set; }
        public uint K6 { get; set; }
#pragma warning restore CS1591

        /// <summary>Key column <paramref name="k"/>.</summary>
        public uint Key(int k) => k switch { 0 => K0, 1 => K1, 2 => K2, 3 => K3, 4 => K4, 5 => K5, _ => K6 };

        /// <summary>Sets key column <paramref name="k"/>.</summary>
        public void SetKey(int k, uint key)
        {
            switch (k)
            {
                case 0: K0 = key; break;
                case 1: K1 = key; break;
                case 2: K2 = key; break;
                case 3: K3 = key; break;
                case 4: K4 = key; break;
                case 5: K5 = key; break;
                default: K6 = key; break;
            }
        }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
