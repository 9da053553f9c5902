using System.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

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
            // The part as an ensemble's scorer runs it (the clipped row shared), its product by Gemm or skipping E's zeros.
            var partRows = w.AsSpan(first * units, rowsOfW * units).ToArray();
            foreach (bool skip in new[] { false, true })
                cases.Add(($"  periodic part, clip + ForwardEncoded, {(skip ? "skipping E's zeros" : "Gemm")}", x =>
                {
                    clip!.ApplyRows(x, clipped, 1);
                    cf.ForwardEncoded(InputView.OfDense(x, 1), clipped, partRows, ws.Z[0], units, accumulate: true, 1, ws.InputScratch[1], skipZeros: skip);
                }));
            var e = new float[rowsOfW];
            cases.Add(("  periodic part, its product alone (66x64, one row)", x => MLNet.Backprop.Numerics.Gemm.Multiply(e, false, w.AsSpan(first * units, rowsOfW * units), false, ws.Z[0], 1, units, rowsOfW, true)));
        }
        if (stage.Parts[1] is ClippedFeaturesInput { Inner: PeriodicInput periodic } pf)
        {
            // The periodic part's per-feature pieces for one row, every embedded feature's in turn (x̃ taken as given).
            var settings = pf.Description.PeriodicSettings!;
            int features = settings.Embedded.Length, k = settings.Frequencies, d = settings.Width;
            // How much of the periodic part's product multiplies zeros (ReLU'd embeddings, clipped values at their median).
            long eZeros = 0, embeddedZeros = 0;
            int eAt = settings.Features + features * (1 + 2 * k + d);
            foreach (var x in rows)
            {
                network.Forward(ws, InputView.OfDense(x, 1), training: false, null, 1);
                var eRow = ws.InputScratch[1].AsSpan(eAt, settings.Rows);
                for (int i = 0; i < eRow.Length; i++)
                    if (eRow[i] == 0f)
                    {
                        eZeros++;
                        if (i < features * d) embeddedZeros++;
                    }
            }
            Console.WriteLine($"periodic part's E of a test row: {settings.Rows} values, of which 0: {eZeros / (double)rows.Length:F1} ({embeddedZeros / (double)rows.Length:F1} of the {features * d} embedded)");
            var omega = new float[features * k];
            var mapped = new float[features];
            var v = new float[features * 2 * k];
            var pre = new float[features * d];
            var e = new float[settings.Rows];
            float[] c = periodic.Frequencies.Values, l = periodic.Weights.Values, b = periodic.Biases.Values;
            cases.Add(($"  periodic: ω of {features} features", x =>
            {
                for (int j = 0; j < features; j++) PeriodicInput.Omegas(c.AsSpan(j * k, k), omega.AsSpan(j * k, k));
            }));
            cases.Add(($"  periodic: sin/cos of {features}x{k} angles, feature by feature", x =>
            {
                for (int j = 0; j < features; j++) SinCosKernel.ComputeRows(omega.AsSpan(j * k, k), mapped.AsSpan(j, 1), v.AsSpan(j * 2 * k, 2 * k), 1);
            }));
            cases.Add(($"  periodic: {features} products 1x{2 * k} · {2 * k}x{d}, feature by feature", x =>
            {
                for (int j = 0; j < features; j++) NarrowProducts.Multiply(v.AsSpan(j * 2 * k, 2 * k), l.AsSpan(j * 2 * k * d, 2 * k * d), pre.AsSpan(j * d, d), 1, d, 2 * k);
            }));
            cases.Add(($"  periodic: {features} products side by side (MultiplyBlocks)", x => NarrowProducts.MultiplyBlocks(v, l, pre, features, d, 2 * k)));
            cases.Add(($"  periodic: bias + ReLU of {features} features", x =>
            {
                for (int j = 0; j < features; j++) PeriodicKernels.AddBiasRelu(pre.AsSpan(j * d, d), b.AsSpan(j * d, d), e.AsSpan(j * d), 1, settings.Rows);
            }));
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
        InputStagesSideBySide(model, rows);
    }

    /// <summary>Every network's input stage for one row as the ensemble's scorer runs it (the bins and the clip shared,
    /// the bins' product skipping their zeros), the periodic part's product by Gemm (as before) or skipping its E's zeros:
    /// the two alternated over rounds in this one process, best and median per row, and the bits compared.</summary>
    private static void InputStagesSideBySide(BackpropModel model, float[][] rows)
    {
        var networks = model.Networks;
        var shared = SharedEncodings.For(networks, 1);
        if (shared is null || networks[0].Input.Parts is not [IFixedEncodingPart bins, IFixedEncodingPart periodic] || periodic is not ClippedFeaturesInput) return;
        var workspaces = networks.Select(n => new Workspace(n, 1)).ToArray();
        int units = networks[0].Input.Layer.OutputSize;
        void Stages(float[] x, bool skip)
        {
            shared.NewRows();
            var input = InputView.OfDense(x, 1);
            for (int n = 0; n < networks.Count; n++)
            {
                var stage = networks[n].Input;
                var ws = workspaces[n];
                var parts = stage.Parts;
                var encoded = shared.Encoding(n, 0, (IFixedEncodingPart)parts[0], input);
                if (!shared.TryForwardSkippingZeros(n, 0, encoded, stage.WeightRows(0), ws.Z[0], units, accumulate: false))
                    ((IFixedEncodingPart)parts[0]).ForwardEncoded(input, encoded, stage.WeightRows(0), ws.Z[0], units, false, 1, ws.InputScratch[0]);
                var clipped = shared.Encoding(n, 1, (IFixedEncodingPart)parts[1], input);
                ((IFixedEncodingPart)parts[1]).ForwardEncoded(input, clipped, stage.WeightRows(1), ws.Z[0], units, true, 1, ws.InputScratch[1], skipZeros: skip);
            }
        }
        bool same = true;
        foreach (var x in rows)
        {
            Stages(x, skip: false);
            var gemm = workspaces.Select(w => w.Z[0].Select(BitConverter.SingleToUInt32Bits).ToArray()).ToArray();
            Stages(x, skip: true);
            same &= workspaces.Select((w, n) => w.Z[0].Select(BitConverter.SingleToUInt32Bits).SequenceEqual(gemm[n])).All(s => s);
        }
        // Short rounds (a pass over the rows), many of them: under load the best of them are the ones nothing interrupted.
        const int Rounds = 300;
        var times = new[] { new List<double>(), new List<double>() };
        for (int round = 0; round < Rounds; round++)
            for (int i = 0; i < 2; i++)
            {
                bool skip = (i + round) % 2 == 1;
                long start = Stopwatch.GetTimestamp();
                foreach (var x in rows) Stages(x, skip);
                times[skip ? 1 : 0].Add(Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6 / rows.Length);
            }
        string Of(List<double> t) => $"best {t.Min():F3} us, 10th percentile {t.Order().ElementAt(t.Count / 10):F3} us, median {t.Order().ElementAt(t.Count / 2):F3} us";
        Console.WriteLine($"{networks.Count} networks' input stages per row, {Rounds} alternated passes over the rows: periodic product by Gemm {Of(times[0])}; " +
            $"skipping E's zeros {Of(times[1])}; same bits: {same}");
        // The periodic part's product alone, network 0's E of each test row (as its scorer leaves it) times its rows of W.
        var settings = ((ClippedFeaturesInput)networks[0].Input.Parts[1]).Description.PeriodicSettings!;
        int width = settings.Rows, at = settings.Features + settings.Embedded.Length * (1 + 2 * settings.Frequencies + settings.Width);
        var es = rows.Select(x =>
        {
            Stages(x, skip: false);
            return workspaces[0].InputScratch[1].AsSpan(at, width).ToArray();
        }).ToArray();
        var w = networks[0].Input.WeightRows(1).ToArray();
        var z = new float[units];
        var products = new[] { new List<double>(), new List<double>() };
        for (int round = 0; round < Rounds; round++)
            for (int i = 0; i < 2; i++)
            {
                bool skip = (i + round) % 2 == 1;
                long start = Stopwatch.GetTimestamp();
                foreach (var e in es)
                    if (skip) ZeroSkippingRow.Multiply(e, w, z, units, accumulate: true);
                    else Gemm.Multiply(e, false, w, false, z, 1, units, width, accumulate: true);
                products[skip ? 1 : 0].Add(Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6 / rows.Length);
            }
        Console.WriteLine($"the periodic part's product alone ({width}x{units}, one row, accumulating): Gemm {Of(products[0])}; skipping E's zeros {Of(products[1])}");
        var positions = new int[width];
        var find = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var e in es) ZeroSkippingRow.NonZeros(e, positions);
            find.Add(Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6 / rows.Length);
        }
        Console.WriteLine($"  of which finding E's non-zero values (NonZeros): {Of(find)}");
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
