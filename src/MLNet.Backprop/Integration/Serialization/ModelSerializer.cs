using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// The binary form of a trained model: a magic tag and version, the task and loss, class names, the number of networks
/// and each network: its input parts (version 3: kind, slots read, rows of the first layer fed, then the values of
/// the part's own parameters) and its layers (shape, activation and its parameter, dropout, weights and bias as
/// little-endian floats); then the target offset and scale, whether the epochs are stored, and the training history
/// and diagnosis as JSON, just before which version 4 stores the categorical columns (each one's name, key count and key
/// value names), and after them version 5 stores the probability calibration (whether there is one, then its method,
/// scale and one offset per output) and the history its calibration report. Version 6 adds the piecewise-linear input
/// kind, stored with its bin edges (per feature, the edge count, then the edges) after its description. Version 7 adds
/// the periodic input kind, stored with its settings after its description (frequencies per feature, values per
/// feature, the frequencies' initial scale, then per feature the offset and the inverse scale of its map). Version 8
/// stores which slots a periodic input embeds (their count, then the slots, increasing) before the map, which is then
/// per embedded slot (version 7 embedded every slot).
/// Version 9 adds the clipped dense input kind (<see cref="NumericScaling.RobustSmoothClip"/>), stored with per feature its
/// centre and inverse scale after its description. Version 10 stores after the calibration's offsets its isotonic map
/// (<see cref="ProbabilityCalibration.Isotonic"/>): the knot count (0 for the affine methods), the knots, then the values.
/// Version 11 stores after a periodic input's settings whether it reads robustly scaled and clipped values
/// (<see cref="ClippedFeaturesInput"/>), and if so the scaling as version 9's. Version 12 keeps version 11's layout
/// and may store the calibration method <see cref="ProbabilityCalibration.EqualPriors"/>, which an earlier reader does
/// not know (so it says to upgrade instead of calling the file damaged). Version 13 stores after the history the training
/// feature vector's slot names (their count, 0 for none, then the names), against which the slot order of the data
/// scored is checked (<see cref="Scoring.ScoringSlots"/>).
/// Version 12 files (no slot names: scored without the check), version 11 files (no equal-priors calibration), version 10 files (no periodic input behind a robust scaling), version 9 files (no isotonic calibration), version 8 files (no clipped dense input), version 7 files (every slot embedded), version 6 files (no periodic input), version 5 files (no piecewise-linear input), version 4 files (no calibration), version 3 files (no categorical columns), version 2 files (one dense input; every layer with LeakyReLU's slope and ELU's α) and version
/// 1 files (one network, always with epochs, no diagnosis, no target scaling) are still read.
/// </summary>
/// <remarks>Reading bounds every count before allocating, so a damaged file fails with <see cref="InvalidDataException"/>
/// instead of exhausting memory.</remarks>
internal static class ModelSerializer
{
    private const string Magic = "MLNBPMLP";
    public const int FormatVersion = 13;
    private const int MaxEdgesPerFeature = 1 << 16;
    private const int MaxInputParts = 1024;
    private const int MaxNetworks = 1024;
    private const int MaxLayers = 1024, MaxClasses = 1 << 20, MaxNameLength = 1 << 16;
    private const long MaxValuesPerLayer = 1L << 28;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="model"/>; without <paramref name="includeEpochs"/> the per-epoch records are
    /// left out (the diagnosis, the stop reason and the kept epoch stay).</summary>
    public static void Write(SerializedModel model, Stream stream, bool includeEpochs = true)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(FormatVersion);
        w.Write((int)model.Task);
        w.Write((int)model.Loss);
        var names = model.ClassNames ?? [];
        w.Write(names.Count);
        foreach (var name in names) w.Write(name);
        w.Write(model.Networks.Count);
        foreach (var network in model.Networks) WriteNetwork(w, network);
        w.Write(model.TargetOffset);
        w.Write(model.TargetScale);
        w.Write(includeEpochs);
        HistoryData Data(TrainingHistory h) =>
            new(includeEpochs ? h.Epochs.ToList<EpochReport?>() : [], h.BestEpoch, h.StopReason, h.Elapsed, Settings: h.Settings, Calibration: h.Calibration);
        // The first network's history carries the model's diagnosis and, since 1.0, the other networks' histories.
        var others = model.NetworkHistories.Skip(1).Select(Data).ToList<HistoryData?>();
        var history = Data(model.History) with { Findings = model.History.Diagnosis.Findings.ToList<Finding?>(), OtherNetworks = others.Count > 0 ? others : null };
        w.Write(model.Categorical.Count);
        foreach (var column in model.Categorical)
        {
            w.Write(column.Name);
            w.Write(column.KeyCount);
            var keyNames = column.KeyNames ?? [];
            w.Write(keyNames.Count);
            foreach (var name in keyNames) w.Write(name);
        }
        WriteCalibration(w, model.Calibration);
        w.Write(JsonSerializer.Serialize(history, Json));
        var slotNames = model.SlotNames ?? [];
        w.Write(slotNames.Count);
        foreach (var name in slotNames) w.Write(name);
    }

    private static void WriteNetwork(BinaryWriter w, NeuralNetwork network)
    {
        var parts = network.Input.Parts;
        w.Write(parts.Count);
        foreach (var part in parts)
        {
            w.Write((int)part.Description.Kind);
            w.Write(part.Description.Slots);
            w.Write(part.Description.Rows);
            if (part.Description.Bins is { } bins) WriteBins(w, bins);
            if (part.Description.ScalesRows)
                throw new InvalidOperationException("A network with learned input scales is saved after they are folded into its first layer.");
            if (part.Description.PeriodicSettings is { } periodic)
            {
                WritePeriodic(w, periodic);
                w.Write(part.Description.Clip is not null);
                if (part.Description.Clip is { } clip) WriteClip(w, clip);
            }
            if (part.Description.Kind == InputKind.ClippedDense) WriteClip(w, part.Description.Clip!);
            foreach (var parameter in part.Parameters)
                foreach (float v in parameter.Values) w.Write(v);
        }
        var layers = network.Describe();
        w.Write(layers.Count);
        for (int l = 0; l < layers.Count; l++)
        {
            var d = layers[l];
            w.Write(d.Inputs);
            w.Write(d.Outputs);
            w.Write((int)d.Activation.Kind);
            w.Write(d.Activation.Parameter);
            w.Write(d.Dropout);
            var layer = network.Layers[l];
            foreach (float v in layer.WeightParameter.Values) w.Write(v);
            foreach (float v in layer.BiasParameter.Values) w.Write(v);
        }
    }

    /// <summary>Reads a model; a stream that cannot seek is copied first, so that every declared size can be checked
    /// against the bytes actually present before anything is allocated for it.</summary>
    public static SerializedModel Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            string magic = Encoding.ASCII.GetString(r.ReadBytes(Magic.Length));
            if (magic != Magic) throw Invalid("it is not an MLNet.Backprop network (wrong magic tag)");
            int version = r.ReadInt32();
            if (version > FormatVersion)
                throw Invalid($"it was written in network format version {version}; this MLNet.Backprop reads up to {FormatVersion}. Upgrade MLNet.Backprop to load it");
            if (version < 1) throw Invalid($"format version {version} is not valid");
            var task = ReadEnum<BackpropTask>(r, "task");
            var loss = ReadEnum<LossFunction>(r, "loss");
            int classCount = ReadCount(r, MaxClasses, "class count");
            var names = new string[classCount];
            for (int i = 0; i < classCount; i++)
            {
                names[i] = r.ReadString();
                if (names[i].Length > MaxNameLength) throw Invalid($"class name {i} is {names[i].Length} characters long");
            }

            int networkCount = version >= 2 ? ReadCount(r, MaxNetworks, "network count") : 1;
            if (networkCount < 1) throw Invalid("it has no network");
            var networks = new NeuralNetwork[networkCount];
            for (int n = 0; n < networkCount; n++)
            {
                networks[n] = ReadNetwork(r, version, networkCount == 1 ? "" : $"network {n} ");
                if (n > 0 && (networks[n].InputSize != networks[0].InputSize || networks[n].OutputSize != networks[0].OutputSize))
                    throw Invalid($"network {n} has {networks[n].InputSize} inputs and {networks[n].OutputSize} outputs, network 0 {networks[0].InputSize} and {networks[0].OutputSize}");
            }
            int outputs = networks[0].OutputSize;
            if (task == BackpropTask.MulticlassClassification && classCount != outputs)
                throw Invalid($"it has {classCount} class names for {outputs} outputs");
            float targetOffset = 0f, targetScale = 1f;
            bool hasEpochs = true;
            if (version >= 2)
            {
                targetOffset = r.ReadSingle();
                targetScale = r.ReadSingle();
                if (!float.IsFinite(targetOffset) || !(targetScale > 0f) || !float.IsFinite(targetScale))
                    throw Invalid($"the target scaling {targetScale}, offset {targetOffset} is not finite and positive");
                hasEpochs = r.ReadBoolean();
            }

            var categorical = version >= 4 ? ReadCategorical(r, networks[0]) : [];
            var calibration = version >= 5 ? ReadCalibration(r, version, outputs) : null;
            if (calibration is not null && task == BackpropTask.Regression) throw Invalid("a regression model stores a probability calibration");
            var data = JsonSerializer.Deserialize<HistoryData>(r.ReadString(), Json) ?? throw Invalid("the training history is missing");
            var history = ReadHistory(data, hasEpochs, "training history");
            history.Diagnosis = new TrainingDiagnosis((data.Findings ?? []).Select(f => f!).ToList());
            var histories = new List<TrainingHistory> { history };
            if (data.OtherNetworks is { } others)
            {
                if (others.Count != networkCount - 1) throw Invalid($"it has {others.Count + 1} network histories for {networkCount} networks");
                for (int n = 0; n < others.Count; n++)
                    histories.Add(ReadHistory(others[n] ?? throw Invalid($"network {n + 1}'s history is null"), hasEpochs, $"network {n + 1}'s history"));
            }
            var slotNames = version >= 13 ? ReadSlotNames(r, networks[0]) : null;
            if (stream.CanSeek && stream.Position != stream.Length) throw Invalid("there are unexpected bytes after the model");
            return new SerializedModel(task, loss, task == BackpropTask.MulticlassClassification ? names : null, networks, histories, targetOffset, targetScale)
            {
                Categorical = categorical,
                Calibration = calibration,
                SlotNames = slotNames,
            };
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"The MLNet.Backprop network data is damaged: {e.Message}", e);
        }
    }

    private static NeuralNetwork ReadNetwork(BinaryReader r, int version, string prefix)
    {
        var parts = new List<InputPartDescription>();
        var partValues = new List<float[]>();
        if (version >= 3)
        {
            int partCount = ReadCount(r, MaxInputParts, $"{prefix}input part count");
            if (partCount < 1) throw Invalid($"{prefix}has no input");
            for (int p = 0; p < partCount; p++)
            {
                var part = new InputPartDescription((InputKind)r.ReadInt32(), ReadCount(r, int.MaxValue, $"{prefix}input part {p} slots"),
                    ReadCount(r, int.MaxValue, $"{prefix}input part {p} rows"));
                if (part.Kind == InputKind.PiecewiseLinear)
                {
                    if (version < 6) throw Invalid($"{prefix}input part {p} is piecewise-linear, a kind format version {version} does not have");
                    part = part with { Bins = ReadBins(r, part.Slots, $"{prefix}input part {p}") };
                }
                if (part.Kind == InputKind.Periodic)
                {
                    if (version < 7) throw Invalid($"{prefix}input part {p} is periodic, a kind format version {version} does not have");
                    part = part with { PeriodicSettings = ReadPeriodic(r, version, part.Slots, $"{prefix}input part {p}") };
                    if (version >= 11 && r.ReadBoolean()) part = part with { Clip = ReadClip(r, part.Slots, $"{prefix}input part {p}") };
                }
                if (part.Kind == InputKind.ClippedDense)
                {
                    if (version < 9) throw Invalid($"{prefix}input part {p} is robustly scaled, a kind format version {version} does not have");
                    part = part with { Clip = ReadClip(r, part.Slots, $"{prefix}input part {p}") };
                }
                if (part.Problem() is { } problem) throw Invalid($"{prefix}input part {p}: {problem}");
                parts.Add(part);
                foreach (var parameter in InputParts.Create(part).Parameters)
                    partValues.Add(ReadFloats(r, parameter.Length, $"{prefix}input part {p} {parameter.Name}"));
            }
        }
        int layerCount = ReadCount(r, MaxLayers, $"{prefix}layer count");
        if (layerCount < 1) throw Invalid($"{prefix}has no layers");
        var specs = new List<LayerDescription>();
        var values = new List<(float[] Weights, float[] Bias)>();
        int previousOutputs = -1;
        for (int l = 0; l < layerCount; l++)
        {
            int inputs = ReadCount(r, int.MaxValue, $"{prefix}layer {l} input size");
            int outputs = ReadCount(r, int.MaxValue, $"{prefix}layer {l} output size");
            if (inputs < 1 || outputs < 1 || (long)inputs * outputs > MaxValuesPerLayer)
                throw Invalid($"{prefix}layer {l} has an impossible shape {inputs}×{outputs}");
            if (previousOutputs >= 0 && inputs != previousOutputs)
                throw Invalid($"{prefix}layer {l} expects {inputs} inputs but the layer before has {previousOutputs} outputs");
            previousOutputs = outputs;
            var activation = ReadActivation(r, version, $"{prefix}layer {l}");
            float dropout = r.ReadSingle();
            if (!(dropout >= 0f && dropout < 1f)) throw Invalid($"{prefix}layer {l} has the dropout rate {dropout}, not in [0, 1)");
            specs.Add(new LayerDescription(inputs, outputs, activation, dropout));
            values.Add((ReadFloats(r, inputs * outputs, $"{prefix}layer {l} weights"), ReadFloats(r, outputs, $"{prefix}layer {l} bias")));
        }
        if (parts.Count == 0) parts.Add(InputPartDescription.Dense(specs[0].Inputs)); // versions 1 and 2: the feature vector
        if (parts.Sum(p => (long)p.Rows) != specs[0].Inputs)
            throw Invalid($"{prefix}input parts feed {parts.Sum(p => (long)p.Rows)} rows but layer 0 has {specs[0].Inputs} inputs");
        var network = NeuralNetwork.FromLayers(parts, specs);
        for (int i = 0; i < partValues.Count; i++) partValues[i].CopyTo(network.Input.Parameters[i].Values, 0);
        for (int l = 0; l < layerCount; l++)
        {
            values[l].Weights.CopyTo(network.Layers[l].WeightParameter.Values, 0);
            values[l].Bias.CopyTo(network.Layers[l].BiasParameter.Values, 0);
        }
        return network;
    }

    /// <summary>The feature slot names (format 13): none, or one per feature of <paramref name="network"/> (any width: a
    /// FeaturizeText vector's hundreds of thousands too). The count is checked against the feature count and against the
    /// bytes left (each name takes at least its length byte) before anything is allocated for it.</summary>
    private static string[]? ReadSlotNames(BinaryReader r, NeuralNetwork network)
    {
        int count = ReadCount(r, int.MaxValue, "slot name count");
        if (count == 0) return null;
        int features = network.Input.Shape.DenseWidth + network.Input.Shape.SparseWidth;
        if (count != features) throw Invalid($"it has {count} slot names for {features} features");
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if (count > left) throw Invalid($"the slot names are truncated: {count:N0} names declared, {left:N0} bytes left");
        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = r.ReadString();
            if (names[i].Length > MaxNameLength) throw Invalid($"slot name {i} is {names[i].Length} characters long");
        }
        return names;
    }

    private static void WriteBins(BinaryWriter w, QuantileBins bins)
    {
        for (int f = 0; f < bins.Features; f++)
        {
            var edges = bins.Edges(f);
            w.Write(edges.Length);
            foreach (float edge in edges) w.Write(edge);
        }
    }

    /// <summary>A piecewise-linear part's edges: per feature, the edge count, then the edges (checked: finite, increasing).</summary>
    private static QuantileBins ReadBins(BinaryReader r, int features, string part)
    {
        var edges = new List<float[]>();
        for (int f = 0; f < features; f++)
        {
            int count = ReadCount(r, MaxEdgesPerFeature, $"{part} feature {f} edge count");
            edges.Add(ReadFloats(r, count, $"{part} feature {f} edges"));
        }
        return QuantileBins.Problem(edges) is { } problem ? throw Invalid($"{part}: {problem}") : new QuantileBins(edges);
    }

    private static void WritePeriodic(BinaryWriter w, PeriodicFeatures periodic)
    {
        w.Write(periodic.Frequencies);
        w.Write(periodic.Width);
        w.Write(periodic.Scale);
        w.Write(periodic.Embedded.Length);
        foreach (int slot in periodic.Embedded) w.Write(slot);
        for (int f = 0; f < periodic.Embedded.Length; f++)
        {
            w.Write(periodic.Offsets[f]);
            w.Write(periodic.InverseScales[f]);
        }
    }

    /// <summary>A periodic part's settings (checked: counts in range, embedded slots increasing, a finite map).</summary>
    private static PeriodicFeatures ReadPeriodic(BinaryReader r, int version, int features, string part)
    {
        int frequencies = ReadCount(r, PeriodicFeatures.MaxFrequencies, $"{part} frequency count");
        int width = ReadCount(r, PeriodicFeatures.MaxWidth, $"{part} values per feature");
        float scale = r.ReadSingle();
        int[]? embedded = null;
        if (version >= 8)
        {
            embedded = new int[ReadCount(r, features, $"{part} embedded slot count")];
            for (int e = 0; e < embedded.Length; e++) embedded[e] = r.ReadInt32();
        }
        int count = embedded?.Length ?? features;
        var map = ReadFloats(r, checked(2 * count), $"{part} feature map");
        var periodic = new PeriodicFeatures(features, frequencies, width, scale,
            Enumerable.Range(0, count).Select(f => map[2 * f]).ToArray(), Enumerable.Range(0, count).Select(f => map[2 * f + 1]).ToArray(), embedded);
        return periodic.Problem() is { } problem ? throw Invalid($"{part}: {problem}") : periodic;
    }

    private static void WriteClip(BinaryWriter w, RobustClip clip)
    {
        for (int f = 0; f < clip.Features; f++)
        {
            w.Write(clip.Centers[f]);
            w.Write(clip.InverseScales[f]);
        }
    }

    /// <summary>A clipped dense part's robust scaling: per feature its centre and inverse scale (checked: finite, scales ≥ 0).</summary>
    private static RobustClip ReadClip(BinaryReader r, int features, string part)
    {
        var values = ReadFloats(r, checked(2 * features), $"{part} robust scaling");
        var centers = Enumerable.Range(0, features).Select(f => values[2 * f]).ToArray();
        var inverse = Enumerable.Range(0, features).Select(f => values[2 * f + 1]).ToArray();
        return RobustClip.Problem(centers, inverse) is { } problem ? throw Invalid($"{part}: {problem}") : new RobustClip(centers, inverse);
    }

    /// <summary>The categorical columns, checked against the network's embedding tables (one per column, a row per key plus one).</summary>
    private static Schema.CategoricalColumn[] ReadCategorical(BinaryReader r, NeuralNetwork network)
    {
        var tables = network.Input.Describe().Where(p => InputParts.ReadsKey(p.Kind)).ToArray();
        int count = ReadCount(r, MaxInputParts, "categorical column count");
        if (count != tables.Length) throw Invalid($"it names {count} categorical columns for {tables.Length} embedding tables");
        var columns = new Schema.CategoricalColumn[count];
        for (int c = 0; c < count; c++)
        {
            string name = r.ReadString();
            if (name.Length == 0 || name.Length > MaxNameLength) throw Invalid($"categorical column {c}'s name is {name.Length} characters long");
            int keys = ReadCount(r, MaxClasses, $"categorical column '{name}' key count");
            if (keys + 1 != tables[c].Slots) throw Invalid($"categorical column '{name}' has {keys} keys but its table {tables[c].Slots} rows");
            int named = ReadCount(r, keys, $"categorical column '{name}' key name count");
            if (named != 0 && named != keys) throw Invalid($"categorical column '{name}' names {named} of its {keys} keys");
            var keyNames = new string[named];
            for (int k = 0; k < named; k++)
            {
                keyNames[k] = r.ReadString();
                if (keyNames[k].Length > MaxNameLength) throw Invalid($"key {k + 1} of categorical column '{name}' has a name {keyNames[k].Length} characters long");
            }
            columns[c] = new Schema.CategoricalColumn(name, keys, named == 0 ? null : keyNames);
        }
        return columns;
    }

    private static void WriteCalibration(BinaryWriter w, Calibration.OutputCalibration? calibration)
    {
        w.Write(calibration is not null);
        if (calibration is null) return;
        w.Write((int)calibration.Method);
        w.Write(calibration.Scale);
        w.Write(calibration.Offsets.Length);
        foreach (float offset in calibration.Offsets) w.Write(offset);
        var map = calibration.Isotonic;
        w.Write(map?.Knots.Length ?? 0);
        if (map is null) return;
        foreach (float knot in map.Knots) w.Write(knot);
        foreach (float value in map.Values) w.Write(value);
    }

    private static Calibration.OutputCalibration? ReadCalibration(BinaryReader r, int version, int outputs)
    {
        if (!r.ReadBoolean()) return null;
        var method = ReadEnum<ProbabilityCalibration>(r, "calibration method");
        if (method == ProbabilityCalibration.EqualPriors && version < 12) throw Invalid($"a version {version} file stores the calibration method {method}, which version 12 added");
        float scale = r.ReadSingle();
        int count = ReadCount(r, MaxClasses, "calibration offset count");
        var calibration = new Calibration.OutputCalibration(method, scale, ReadFloats(r, count, "calibration offsets"));
        int knots = version >= 10 ? ReadCount(r, Calibration.IsotonicMap.MaxKnots, "isotonic calibration knot count") : 0;
        if (knots > 0)
            calibration = calibration with
            {
                Isotonic = new Calibration.IsotonicMap(ReadFloats(r, knots, "isotonic calibration knots"), ReadFloats(r, knots, "isotonic calibration values")),
            };
        return calibration.Problem(outputs) is { } problem ? throw Invalid(problem) : calibration;
    }

    /// <summary>Version 3: the kind and its one parameter; before: the kind, then LeakyReLU's slope and ELU's α, stored
    /// for every layer whatever its activation.</summary>
    private static ActivationSpec ReadActivation(BinaryReader r, int version, string layer)
    {
        var kind = ReadEnum<Activation>(r, $"{layer} activation");
        var spec = version >= 3 ? new ActivationSpec(kind, r.ReadSingle()) : ActivationSpec.Of(kind, leakyReluSlope: r.ReadSingle(), eluAlpha: r.ReadSingle());
        return spec.Problem() is { } problem ? throw Invalid($"{layer}: {problem}") : spec;
    }

    private static InvalidDataException Invalid(string why) => new($"The MLNet.Backprop network data is damaged or foreign: {why}.");

    private static int ReadCount(BinaryReader r, int max, string what)
    {
        int value = r.ReadInt32();
        if (value < 0 || value > max) throw Invalid($"the {what} is {value}");
        return value;
    }

    private static T ReadEnum<T>(BinaryReader r, string what) where T : struct, Enum
    {
        int value = r.ReadInt32();
        var result = (T)(object)value;
        if (!Enum.IsDefined(result)) throw Invalid($"the {what} code {value} is unknown");
        return result;
    }

    private static float[] ReadFloats(BinaryReader r, int count, string what)
    {
        // A declared size is believed only as far as the bytes are there: nothing is allocated for data that is missing.
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if (4L * count > left) throw Invalid($"the {what} are truncated: {count:N0} values declared, {left:N0} bytes left");
        byte[] bytes = r.ReadBytes(count * sizeof(float));
        if (bytes.Length != count * sizeof(float)) throw Invalid($"the {what} are truncated");
        var values = new float[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        foreach (float v in values) if (!float.IsFinite(v)) throw Invalid($"the {what} contain a non-finite value");
        return values;
    }

    private static TrainingHistory ReadHistory(HistoryData data, bool hasEpochs, string what)
    {
        if (TrainingHistoryValidation.Problem(data.Epochs, data.BestEpoch, data.StopReason, data.Elapsed, data.Findings) is { } problem)
            throw Invalid($"the {what}'s {problem}");
        if (TrainingHistoryValidation.Problem(data.Settings) is { } settingsProblem)
            throw Invalid($"the {what}'s {settingsProblem}");
        var history = new TrainingHistory
        {
            BestEpoch = data.BestEpoch, StopReason = data.StopReason, Elapsed = data.Elapsed, Settings = data.Settings, Calibration = data.Calibration,
        };
        foreach (var epoch in data.Epochs ?? []) history.Add(epoch!);
        if (!hasEpochs && history.Epochs.Count > 0) throw Invalid("it stores epochs it says it left out");
        return history;
    }

    /// <summary>A history as the file stores it; <see cref="Settings"/> and <see cref="OtherNetworks"/> since 1.0, <see cref="Calibration"/>
    /// since format 5 (older
    /// files lack them, and older readers ignore them). Absent values are not written, and the new fields come before
    /// the findings, so a history without them is written exactly as before 1.0. The settings' input stage (1.1) is
    /// the same kind of addition, so it needs no new format version: a format-12 reader ignores it, and a history
    /// without it reads with it null (not recorded).</summary>
    private sealed record HistoryData(List<EpochReport?>? Epochs, int BestEpoch, StopReason StopReason, TimeSpan Elapsed,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrainingSettings? Settings = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<HistoryData?>? OtherNetworks = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CalibrationReport? Calibration = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<Finding?>? Findings = null);
}
