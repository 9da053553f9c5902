using System.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <c>--scoring-profile</c>: where one row of the default churn model's scoring goes, piece by piece, each piece timed alone
/// in a loop over the test rows on one network's one-row workspace (best of 7 rounds), against the whole
/// <c>PredictionEngine</c> call: the input parts, the first layer's bias and activation, the hidden and output layers,
/// one network's whole forward pass, and the scorer's (every network, the mean, the calibration, the link).
/// </summary>
public static class ScoringProfile
{
    /// <summary>Runs the profile.</summary>
    public static void Print()
    {
        var s = new ChurnScoring("Backprop (current defaults)");
        var scored = s.Models[0];
        var model = ((BackpropTransformer)scored.Model).Model;
        var network = model.Networks[0];
        var ws = new Workspace(network, 1);
        var stage = network.Input;
        int units = stage.Layer.OutputSize;
        var rows = s.FeatureRows.Select(r => r.Features).ToArray();
        var scorer = new BackpropScorerFactory(model).CreateScorer();
        float[] scores = new float[1], predictions = new float[1];
        var w = stage.Layer.WeightParameter.Values;
        int row0 = 0;
        var cases = new List<(string Name, Action<float[]> Run)>();
        for (int p = 0; p < stage.Parts.Count; p++)
        {
            var part = stage.Parts[p];
            int first = row0, count = part.Description.Rows;
            int index = p;
            cases.Add(($"input part {p}: {part.GetType().Name} ({part.Description.Kind}, {count} rows of W)", x =>
                part.Forward(InputView.OfDense(x, 1), w.AsSpan(first * units, count * units), ws.Z[0], units, index > 0, 1, ws.InputScratch[index])));
            row0 += count;
        }
        cases.Add(("first layer: bias + activation", x => stage.Layer.Activate(ws.Z[0], ws.A[0], 1, 1)));
        for (int l = 1; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            int at = l;
            cases.Add(($"layer {l}: {layer.InputSize}x{layer.OutputSize} {layer.Activation}", x => layer.Forward(ws.Output[at - 1], ws.Z[at], ws.A[at], 1, 1)));
        }
        var bins = stage.Parts[0].Description.Bins;
        var encoded = new float[stage.Parts[0].Description.Rows];
        if (bins is not null)
        {
            cases.Add(("  PL encode alone", x => bins.Encode(x, encoded)));
            cases.Add(("  PL product alone (133x64, one row)", x => MLNet.Backprop.Numerics.Gemm.Multiply(encoded, false, w.AsSpan(0, encoded.Length * units), false, ws.Z[0], 1, units, encoded.Length, false)));
        }
        if (bins is not null)
        {
            // How much of the bins' product multiplies zeros (a row's bins above its value), and ones (below it).
            long zeros = 0, ones = 0;
            foreach (var x in rows)
            {
                bins.Encode(x, encoded);
                zeros += encoded.Count(v => v == 0f);
                ones += encoded.Count(v => v == 1f);
            }
            Console.WriteLine($"bins of a test row: {encoded.Length}, of which 0: {zeros / (double)rows.Length:F1}, 1: {ones / (double)rows.Length:F1} on average");
        }
        var clip = stage.Parts[1].Description.Clip;
        var clipped = new float[45];
        if (clip is not null) cases.Add(("  robust clip alone", x => clip.ApplyRows(x, clipped, 1)));
        Console.WriteLine("members share: bins " + string.Join(",", model.Networks.Select(n => ReferenceEquals(n.Input.Parts[0].Description.Bins, bins))) +
            "; clip " + string.Join(",", model.Networks.Select(n => ReferenceEquals(n.Input.Parts[1].Description.Clip, clip))));
        if (stage.Parts[1] is ClippedFeaturesInput cf)
        {
            int rowsOfW = cf.Description.Rows, first = stage.Parts[0].Description.Rows;
            cases.Add(("  periodic part, inner alone (clipped row given)", x => cf.Inner.Forward(InputView.OfDense(clipped, 1), w.AsSpan(first * units, rowsOfW * units), ws.Z[0], units, true, 1, ws.InputScratch[1].AsSpan(45))));
            var e = new float[rowsOfW];
            cases.Add(("  periodic part, its product alone (66x64, one row)", x => MLNet.Backprop.Numerics.Gemm.Multiply(e, false, w.AsSpan(first * units, rowsOfW * units), false, ws.Z[0], 1, units, rowsOfW, true)));
        }
        var z64 = new float[64];
        var a64 = new float[64];
        cases.Add(("  TanhKernel.Apply, 64 values", x => MLNet.Backprop.Numerics.TanhKernel.Apply(z64, a64)));
        cases.Add(("  TensorPrimitives.Tanh, 64 values", x => System.Numerics.Tensors.TensorPrimitives.Tanh(z64, a64)));
        cases.Add(("  LayerKernels.AddBias, 64 values", x => MLNet.Backprop.Numerics.LayerKernels.AddBias(z64, a64, 1, 64)));
        cases.Add(("one network's Forward", x => network.Forward(ws, InputView.OfDense(x, 1), training: false, null, 1)));
        cases.Add(($"scorer: {model.Networks.Count} networks + mean + calibration + link", x => scorer.Score(InputView.OfDense(x, 1), scores, predictions)));
        cases.Add(("PredictionEngine, model alone", x => scored.ModelEngine.Predict(s.FeatureRows[0])));
        // What batching would give: every network's own 256-row batch pass over all the test rows, per row (the same bits).
        var flat = rows.SelectMany(r => r).ToArray();
        var logits = new float[rows.Length];
        int calls = 0;
        cases.Add(($"(reference) {model.Networks.Count} networks' batch Predict, per row", x =>
        {
            // One call of the case is one row: the batch runs every rows.Length calls.
            if (calls++ % rows.Length != 0) return;
            foreach (var n in model.Networks) n.Predict(flat, logits, rows.Length);
        }));
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        // Every case run first, then a pause: the tiered JIT recompiles hot methods in the background, and each new case
        // delays it (a case timed while its callees still run unoptimised code measured 2-10x slower).
        for (int warm = 0; warm < 3; warm++)
        {
            foreach (var (_, run) in cases) foreach (var x in rows) run(x);
            Thread.Sleep(300);
        }
        foreach (var (name, run) in cases)
        {
            double best = double.MaxValue;
            for (int round = 0; round < 7; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int rep = 0; rep < 20; rep++) foreach (var x in rows) run(x);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / (20 * rows.Length));
            }
            Console.WriteLine($"  {best * 1e6,7:F3} us  {name}");
        }
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
