using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training;

/// <summary>
/// The identity of a micro-batch training run, for its checkpoints: every setting that decides what the run computes,
/// written out one per line under a version number (name=value, invariant culture, floats round-trip), then hashed. A
/// checkpoint resumes only a run of the same identity.
/// </summary>
/// <remarks>The names are this file's own, not the properties': renaming or moving an internal setting leaves saved
/// checkpoints valid. A new setting that changes what a run computes gets a line here (a checkpoint written before it
/// then no longer matches, as it should); a change of an existing line's meaning raises <see cref="Version"/>. Threads
/// are not part of it: they never change the bits.</remarks>
internal static class RunIdentity
{
    /// <summary>The version of the description below.</summary>
    public const int Version = 1;

    /// <summary>The identity: SHA-256 of <see cref="Describe"/>.</summary>
    public static byte[] Of(NeuralNetwork network, TrainingOptions options, MicroBatchPlan plan, ClassBalance? balance, IEnumerable<string> data,
        RowHoldOut? holdOut = null, Standardization? map = null) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(Describe(network, options, plan, balance, data, holdOut, map)));

    /// <summary>The settings of a run, one per line.</summary>
    /// <param name="network">The network as training starts: its architecture and initial weights.</param>
    /// <param name="options">The engine's settings.</param>
    /// <param name="plan">The cut into steps and micro-batches.</param>
    /// <param name="balance">The class balance applied to the rows, or null.</param>
    /// <param name="data">What identifies the training rows (e.g. the shards' hashes), in order.</param>
    /// <param name="holdOut">The row-by-row hold-out that set rows of <paramref name="data"/> apart, or null.</param>
    /// <param name="map">The features' and the label's maps the rows are trained with, or null for the rows as given.</param>
    public static string Describe(NeuralNetwork network, TrainingOptions options, MicroBatchPlan plan, ClassBalance? balance, IEnumerable<string> data,
        RowHoldOut? holdOut = null, Standardization? map = null)
    {
        var text = new StringBuilder();
        void Line(string name, object? value) => text.Append(name).Append('=').Append(Format(value)).Append('\n');

        Line("MLNet.Backprop run identity", Version);
        foreach (var (part, i) in network.Input.Describe().Select((p, i) => (p, i)))
        {
            Line($"input{i}", $"{part.Kind} {part.Slots} {part.Rows}");
            if (part.Bins is { } bins) Line($"input{i} edges", string.Join(" ", Enumerable.Range(0, bins.Features).Select(f => string.Join(",", bins.Edges(f).ToArray().Select(e => Format(e))))));
            // Only with a robust scaling, so the identities of the runs without one stay as they were.
            if (part.Clip is { } clip) Line($"input{i} robust scaling", $"{Floats(clip.Centers)} / {Floats(clip.InverseScales)}");
            // Only with periodic embeddings or learned scales, as above.
            if (part.PeriodicSettings is { } p)
                Line($"input{i} periodic", $"{p.Features} features, {p.Frequencies} frequencies, width {p.Width}, scale {Format(p.Scale)}, embedded " +
                    $"{string.Join(",", p.Embedded)}, map {Floats(p.Offsets)} / {Floats(p.InverseScales)}");
            if (part.ScalesRows) Line($"input{i} learned scales", true);
        }
        foreach (var (layer, i) in network.Describe().Select((l, i) => (l, i)))
            Line($"layer{i}", $"{layer.Inputs}x{layer.Outputs} {layer.Activation.Kind} {Format(layer.Activation.Parameter)} dropout {Format(layer.Dropout)}");
        var weights = new float[network.ParameterCount];
        ParameterVector.CopyValues(network, weights);
        Line("initial weights sha256", Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()))));
        Line("loss", $"{options.Loss.Kind} {Format(options.Loss.Parameter)}");
        var o = options.OptimizerSettings;
        Line("optimizer", options.Optimizer);
        Line("momentum", o.Momentum);
        Line("beta1", o.Beta1);
        Line("beta2", o.Beta2);
        Line("epsilon", o.Epsilon);
        Line("rmsprop decay", o.RmsPropDecay);
        Line("weight decay", o.WeightDecay);
        Line("learning rate", options.LearningRate);
        Line("schedule", $"{options.LearningRateSchedule} step {options.ScheduleStepSize} gamma {Format(options.ScheduleGamma)} min {Format(options.MinimumLearningRate)}");
        // Only when it is set: the identities of runs without it (and their checkpoints) stay what they were.
        if (options.DropoutSchedule != DropoutScheduleKind.Constant) Line("dropout schedule", options.DropoutSchedule);
        Line("epochs", options.NumberOfEpochs);
        Line("rows", plan.Rows);
        Line("batch size", options.BatchSize);
        Line("batch", plan.BatchSize);
        Line("micro-batch", plan.MicroBatchSize);
        Line("l2", options.L2Regularization);
        Line("clip norm", options.GradientClipNorm);
        Line("clip value", options.GradientClipValue);
        Line("seed", options.Seed);
        Line("shuffle", options.Shuffle);
        Line("early stopping", $"patience {Format(options.EarlyStoppingPatience)} {options.EarlyStoppingMetric} min delta {Format(options.EarlyStoppingMinDelta)} restore {Format(options.RestoreBestWeights)}");
        Line("on divergence", options.OnDivergence);
        Line("unit statistics", options.RecordDiagnostics);
        Line("balance", balance is null ? null : string.Join(" ", balance.ClassWeights.Select(c => $"{Format(c.Key)}:{Format(c.Value)}")));
        // Only when not 1, so the identities of the runs before the square-root weighting existed stay as they were.
        if (balance is { Exponent: not 1 }) Line("balance exponent", balance.Exponent);
        // Row-wise state changes the rule of the rows that list their touches, even when every row is updated (the
        // other settings do not then); only when set, so the identities of the runs before it existed stay as they were.
        if (options.SparseUpdates == SparseUpdates.RowWise) Line("sparse updates", options.SparseUpdates);
        // The id-like tables' prior changes their steps; only when there is one (the plan sets both or neither), as above.
        if (options.IdTablePrior > 0f || options.IdTableMostKeys != 0) Line("id table prior", $"{Format(options.IdTablePrior)} above {options.IdTableMostKeys} keys");
        // Which rows train and which validate; only with a hold-out, so the identities of the runs without one stay as they were.
        if (holdOut is not null) Line("hold-out by row", $"seed {holdOut.Seed} share {Format(holdOut.Share)}");
        // The labels trained on; only when standardised, so the identities of the runs on the label as given stay as they were.
        if (map is { ChangesTarget: true }) Line("label standardised", $"offset {Format(map.TargetOffset)} scale {Format(map.TargetScale)}");
        // The features trained on; only when standardised, as above.
        if (map?.FeatureMap is var (offsets, inverseScales)) Line("features standardised", $"{Floats(offsets)} / {Floats(inverseScales)}");
        foreach (var (item, i) in data.Select((d, i) => (d, i))) Line($"data{i}", item);
        return text.ToString();
    }

    private static string Floats(ReadOnlySpan<float> values) => string.Join(",", values.ToArray().Select(v => Format(v)));

    private static string Format(object? value) => value switch
    {
        null => "none",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
