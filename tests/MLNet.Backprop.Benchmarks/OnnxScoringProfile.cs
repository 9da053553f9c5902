using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Transforms.Onnx;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;
using MLNet.Backprop.Onnx.Saving;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <c>--onnx-profile [dir]</c>: where a row of the default churn model goes once <c>ml.Model.Save</c>/<c>ml.Model.Load</c>
/// made it ML.NET's OnnxTransformer running the network's ONNX graph. Writes the served graph to dir/served.onnx and
/// profiles it (best and median of 11 rotating rounds) beside dir/before.onnx and dir/before.zip when they exist (the graph and the model saved by an earlier
/// revision, copies of its served.onnx and served.zip: the comparison in one process): node counts by op type, constants (and duplicates), then the
/// <c>PredictionEngine</c> of the in-process model and of the loaded one, the OnnxTransformer alone on each graph (ONNX
/// Runtime's default intra-op threads and 1), a raw <c>InferenceSession.Run</c> of one row (as ML.NET calls it, with
/// <c>NamedOnnxValue</c>s, and with preallocated <c>OrtValue</c>s), and a one-node graph through the OnnxTransformer
/// (ML.NET's fixed cost per row); then ONNX Runtime's own profile of each graph, time by op type.
/// </summary>
public static class OnnxScoringProfile
{
    private const string Logit = "MLNet.Backprop.Logit";

    // Rounds of every case in rotating order: the default intra-op threads' cases vary the most under load.
    private const int Rounds = 11;

    /// <summary>Runs the profile.</summary>
    public static void Print(string dir)
    {
        Directory.CreateDirectory(dir);
        Console.WriteLine($"load before fitting: {Load()}");
        var ml = new MLContext(seed: 0);
        var (train, test) = ChurnData.Load(ml);
        var featurizer = ChurnData.Featurizer(ml).Fit(train);
        var featurizedTrain = ml.Data.Cache(featurizer.Transform(train));
        var rows = ml.Data.CreateEnumerable<FeatureRow>(featurizer.Transform(test), reuseRowObject: false).ToArray();
        int features = rows[0].Features.Length;
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var model = ChurnData.Trainer(ml, ChurnData.Trainers[1]).Fit(featurizedTrain);
        var schema = ml.Data.LoadFromEnumerable(rows, definition).Schema;
        string zip = Path.Combine(dir, "served.zip");
        ml.Model.Save(model, schema, zip);
        var loaded = ml.Model.Load(zip, out _);
        string served = Path.Combine(dir, "served.onnx");
        File.WriteAllBytes(served, OnnxModelOf(zip));
        string trivial = Path.Combine(dir, "one-node.onnx");
        File.WriteAllBytes(trivial, OneNodeGraph(features));
        var graphs = new List<(string Name, string Path)>();
        if (File.Exists(Path.Combine(dir, "before.onnx"))) graphs.Add(("before", Path.Combine(dir, "before.onnx")));
        graphs.Add(("served", served));
        foreach (var (name, path) in graphs) Describe(name, path);

        // ChurnService's way: the whole pipeline (featurizer + model) in one zip, read with ml.Model.Load.
        string pipelineZip = Path.Combine(dir, "served-pipeline.zip");
        ml.Model.Save(featurizer.Append(model), train.Schema, pipelineZip);
        var loadedPipeline = ml.Model.Load(pipelineZip, out _);
        var raw = ml.Data.CreateEnumerable<ChurnRow>(test, reuseRowObject: false).ToArray();
        var chains = new List<(string Name, ITransformer Model)> { ("in-process BackpropTransformer", model) };
        string beforeZip = Path.Combine(dir, "before.zip");
        if (File.Exists(beforeZip)) chains.Add(("before: ml.Model.Load", ml.Model.Load(beforeZip, out _)));
        chains.Add(("served: ml.Model.Load", loaded));
        var modelEngines = chains.Select(c => ml.Model.CreatePredictionEngine<FeatureRow, ChurnPrediction>(c.Model, ignoreMissingColumns: true, inputSchemaDefinition: definition)).ToArray();
        var probabilities = modelEngines.Select(e => rows.Select(r => e.Predict(r).Probability).ToArray()).ToArray();
        for (int c = 1; c < chains.Count; c++)
            Console.WriteLine($"{chains[c].Name}: max |P - in-process P| over the {rows.Length} test rows: {probabilities[c].Zip(probabilities[0], (a, b) => Math.Abs(a - b)).Max():G3}");
        var cases = new List<(string Name, Action<int> Run)>();
        for (int c = 0; c < chains.Count; c++)
        {
            var engine = modelEngines[c];
            var pipeline = ml.Model.CreatePredictionEngine<ChurnRow, ChurnPrediction>(featurizer.Append(chains[c].Model), ignoreMissingColumns: true);
            cases.Add(($"{chains[c].Name}, PredictionEngine, model alone", i => engine.Predict(rows[i])));
            cases.Add(($"{chains[c].Name}, PredictionEngine, featurizer + model", i => pipeline.Predict(raw[i])));
        }
        var service = ml.Model.CreatePredictionEngine<ChurnRow, ChurnPrediction>(loadedPipeline, ignoreMissingColumns: true);
        cases.Add(("served: whole pipeline zip, ml.Model.Load, PredictionEngine (ChurnService's way)", i => service.Predict(raw[i])));
        var disposables = new List<IDisposable>();
        foreach (var (name, path) in graphs.Append(("one-node", trivial)))
        {
            foreach (int? threads in new int?[] { null, 1 })
            {
                string t = threads is null ? "default" : "1";
                var onnx = ml.Transforms.ApplyOnnxModel(new OnnxOptions
                {
                    ModelFile = path, InputColumns = ["Features"], OutputColumns = [Logit], IntraOpNumThreads = threads,
                }).Fit(ml.Data.LoadFromEnumerable(rows, definition));
                var engine = ml.Model.CreatePredictionEngine<FeatureRow, LogitRow>(onnx, ignoreMissingColumns: true, inputSchemaDefinition: definition);
                cases.Add(($"{name}: OnnxTransformer alone, PredictionEngine, intra-op threads {t}", i => engine.Predict(rows[i])));
                var options = new SessionOptions();
                if (threads is int n) options.IntraOpNumThreads = n;
                var session = new InferenceSession(path, options);
                disposables.Add(session);
                cases.Add(($"{name}: InferenceSession.Run(NamedOnnxValue), 1 row, intra-op threads {t}", i =>
                {
                    using var result = session.Run([NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(rows[i].Features, [1, features]))]);
                }));
                if (threads == 1)
                {
                    var buffer = new float[features];
                    var input = OrtValue.CreateTensorValueFromMemory(buffer, [1, features]);
                    var runOptions = new RunOptions();
                    disposables.Add(input);
                    string[] inputNames = ["Features"], outputNames = [Logit];
                    OrtValue[] inputs = [input];
                    cases.Add(($"{name}: InferenceSession.Run(OrtValue), 1 row, intra-op threads 1", i =>
                    {
                        rows[i].Features.CopyTo(buffer, 0);
                        using var result = session.Run(runOptions, inputNames, inputs, outputNames);
                    }));
                }
            }
        }
        Console.WriteLine($"load at the start of timing: {Load()}");
        foreach (var (_, run) in cases) for (int i = 0; i < rows.Length; i++) run(i);
        Thread.Sleep(300);
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
            for (int k = 0; k < cases.Count; k++)
            {
                int c = (k + round * 3) % cases.Count;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < rows.Length; i++) cases[c].Run(i);
                times[c].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / rows.Length);
            }
        Console.WriteLine($"load at the end of timing: {Load()}; best (median) of {Rounds} rounds, each every test row once");
        for (int c = 0; c < cases.Count; c++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < rows.Length; i++) cases[c].Run(i);
            double bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)rows.Length;
            double best = times[c].Min(), median = times[c].Order().ElementAt(Rounds / 2);
            Console.WriteLine($"  {best * 1e6,8:F2} ({median * 1e6,8:F2}) us/row {bytes,7:F0} B/row  {cases[c].Name}");
        }
        foreach (var (name, path) in graphs) OrtProfile(name, path, rows, features, dir);
        foreach (var d in disposables) d.Dispose();
        Console.WriteLine($"load: {Load()}");
    }

    /// <summary>The ONNX bytes ML.NET's OnnxTransformer saved in the model zip (its "OnnxModel" stream: an int32 length, then the bytes).</summary>
    internal static byte[] OnnxModelOf(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith("OnnxModel", StringComparison.Ordinal));
        using var stream = entry.Open();
        using var reader = new BinaryReader(stream);
        int length = reader.ReadInt32();
        return reader.ReadBytes(length);
    }

    /// <summary>One ReduceSum node: the features' sum as the "logit" [N], the least a graph can do.</summary>
    private static byte[] OneNodeGraph(int features)
    {
        var onnx = new ModelProto { IrVersion = OnnxFormat.IrVersion, ProducerName = "benchmark", Graph = new GraphProto { Name = "OneNode" } };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFormat.Opset });
        onnx.Graph.Input.Add(GraphWriter.TensorInfo("Features", OnnxFormat.Float, -1, features));
        onnx.Graph.Node.Add(GraphWriter.Node("ReduceSum", "Sum", ["Features"], [Logit], "", GraphWriter.Attribute("axes", [1L]), GraphWriter.Attribute("keepdims", 0L)));
        onnx.Graph.Output.Add(GraphWriter.TensorInfo(Logit, OnnxFormat.Float, 1));
        return onnx.ToByteArray();
    }

    private static void Describe(string name, string path)
    {
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        Console.WriteLine($"{name}: {graph.Node.Count} nodes: " + string.Join(", ", graph.Node.GroupBy(n => n.OpType).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        var sizes = graph.Initializer.Select(t => t.RawData.Length + t.Int64Data.Count * 8 + t.FloatData.Count * 4).ToArray();
        var duplicates = graph.Initializer.GroupBy(Contents).Where(g => g.Count() > 1).ToArray();
        Console.WriteLine($"{name}: {graph.Initializer.Count} constants, {sizes.Sum():N0} bytes; repeated contents: {duplicates.Length} groups, " +
            $"{duplicates.Sum(g => g.Count() - 1)} redundant constants of {duplicates.Sum(g => (g.Count() - 1) * (long)(g.First().RawData.Length + g.First().Int64Data.Count * 8)):N0} bytes");
    }

    /// <summary>A constant's type, shape and values, its name left out.</summary>
    private static string Contents(TensorProto tensor)
    {
        var copy = tensor.Clone();
        copy.Name = "";
        return Convert.ToBase64String(copy.ToByteArray());
    }

    /// <summary>ONNX Runtime's own profile (one thread) of every test row scored once: time per op type, per row (the
    /// profiler's own cost per node included, so the figures are above the unprofiled run's).</summary>
    private static void OrtProfile(string name, string path, FeatureRow[] rows, int features, string dir)
    {
        // The prefix first: setting EnableProfiling starts the profile under the prefix set then.
        var options = new SessionOptions { IntraOpNumThreads = 1, ProfileOutputPathPrefix = Path.Combine(dir, $"ort-{name}") };
        options.EnableProfiling = true;
        string file;
        using (var session = new InferenceSession(path, options))
        {
            // One pass: ONNX Runtime records at most a million events, three per node run.
            foreach (var r in rows)
            {
                using var result = session.Run([NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(r.Features, [1, features]))]);
            }
            file = session.EndProfiling();
        }
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var byOp = new Dictionary<string, double>();
        double runs = 0, model = 0;
        foreach (var e in json.RootElement.EnumerateArray())
        {
            string cat = e.GetProperty("cat").GetString()!;
            string evName = e.GetProperty("name").GetString()!;
            double us = e.TryGetProperty("dur", out var dur) ? dur.GetDouble() : 0;
            if (cat == "Session" && evName == "model_run") { runs++; model += us; }
            if (cat == "Node" && evName.EndsWith("_kernel_time", StringComparison.Ordinal))
            {
                string op = e.GetProperty("args").GetProperty("op_name").GetString()!;
                byOp[op] = byOp.GetValueOrDefault(op) + us;
            }
        }
        Console.WriteLine($"{name}: ONNX Runtime profile, 1 thread, {runs:N0} runs: model_run {model / runs:F2} us/row, kernels {byOp.Values.Sum() / runs:F2} us/row: " +
            string.Join(", ", byOp.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {(p.Value / runs).ToString("F2", CultureInfo.InvariantCulture)}")));
    }

    internal static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "(unknown)";

    private sealed class LogitRow
    {
        [ColumnName(Logit)]
        public float[] Value { get; set; } = [];
    }
}
