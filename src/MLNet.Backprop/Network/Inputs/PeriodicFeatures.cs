namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The fixed settings of a periodic input part (<see cref="PeriodicInput"/>), apart from its learned values: the
/// features it reads, which of them it embeds (the others pass through, one row of the first layer's weights each, as a
/// dense block's values), k frequencies and d output values per embedded feature, the scale σ its frequencies are drawn
/// at, and the map x → (x − offset)·inverseScale it applies to each embedded feature value first (the identity while
/// training on standardised rows; the standardisation once folded in). Immutable and shared by clones; stored in the model.
/// </summary>
/// <remarks>The first layer's rows: d per embedded feature (in slot order), then one per pass-through slot (in slot order).</remarks>
internal sealed class PeriodicFeatures
{
    /// <summary>The most frequencies per feature, the widest output per feature, a model file may hold.</summary>
    public const int MaxFrequencies = 1024, MaxWidth = 1024;

    /// <summary>The settings; <paramref name="embedded"/> lists the embedded slots (increasing; null for every slot, as
    /// model format 7 and before), <paramref name="offsets"/> and <paramref name="inverseScales"/> their map (null: the
    /// identity).</summary>
    public PeriodicFeatures(int features, int frequencies, int width, float scale, float[]? offsets = null, float[]? inverseScales = null,
        int[]? embedded = null)
    {
        Features = features;
        Frequencies = frequencies;
        Width = width;
        Scale = scale;
        Embedded = embedded ?? Enumerable.Range(0, Math.Max(0, features)).ToArray();
        Offsets = offsets ?? new float[Embedded.Length];
        InverseScales = inverseScales ?? Enumerable.Repeat(1f, Embedded.Length).ToArray();
        var isEmbedded = new bool[Math.Max(0, features)];
        foreach (int slot in Embedded)
            if (slot >= 0 && slot < isEmbedded.Length) isEmbedded[slot] = true;
        PassThrough = Enumerable.Range(0, isEmbedded.Length).Where(slot => !isEmbedded[slot]).ToArray();
    }

    /// <summary>Feature values read per row.</summary>
    public int Features { get; }

    /// <summary>The slots embedded, increasing: every slot with more than two distinct finite values on the training rows
    /// (<see cref="EmbeddedSlots"/>).</summary>
    public int[] Embedded { get; }

    /// <summary>The other slots, increasing: each enters the first layer as its (standardised) value.</summary>
    public int[] PassThrough { get; }

    /// <summary>The slots to embed: those with more than two distinct finite values among the <paramref name="rows"/>
    /// rows of <paramref name="features"/> (row-major, <paramref name="columns"/> per row). One-hot indicators, binary
    /// columns and constants pass through: two values are one line, which an embedding cannot improve on.</summary>
    public static int[] EmbeddedSlots(ReadOnlySpan<float> features, int rows, int columns)
    {
        var first = new float[columns];
        var second = new float[columns];
        var seen = new int[columns]; // distinct finite values seen so far, up to 3
        for (int r = 0; r < rows; r++)
        {
            var row = features.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                float x = row[c];
                if (seen[c] > 2 || !float.IsFinite(x)) continue;
                if (seen[c] == 0) { first[c] = x; seen[c] = 1; }
                else if (x == first[c]) continue;
                else if (seen[c] == 1) { second[c] = x; seen[c] = 2; }
                else if (x != second[c]) seen[c] = 3;
            }
        }
        return Enumerable.Range(0, columns).Where(c => seen[c] > 2).ToArray();
    }

    /// <summary>k: learned frequencies per feature (2k values sin/cos enter its linear layer).</summary>
    public int Frequencies { get; }

    /// <summary>d: values per feature fed to the first layer (its linear layer's outputs after ReLU).</summary>
    public int Width { get; }

    /// <summary>σ: the frequencies' initial standard deviation (used only when a network is created).</summary>
    public float Scale { get; }

    /// <summary>Per embedded feature, subtracted before the scaling (0 while training).</summary>
    public float[] Offsets { get; }

    /// <summary>Per embedded feature, the factor after the offset (1 while training).</summary>
    public float[] InverseScales { get; }

    /// <summary>Rows of the first layer's weights fed: d per embedded feature, then one per pass-through slot.</summary>
    public int Rows => checked(Embedded.Length * Width + PassThrough.Length);

    /// <summary>Learned values: the frequencies (E·k), the linear layers' weights (E·2k·d) and biases (E·d) of the E
    /// embedded features.</summary>
    public long OwnValues => (long)Embedded.Length * (Frequencies + 2L * Frequencies * Width + Width);

    /// <summary>Whether the map is the identity (nothing folded in).</summary>
    public bool MapsIdentically => Offsets.All(o => o == 0f) && InverseScales.All(s => s == 1f);

    /// <summary>The same part with the map x → (x − offset)·inverseScale of its embedded slots (the spans: per slot).</summary>
    public PeriodicFeatures WithMap(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales)
    {
        var o = new float[Embedded.Length];
        var s = new float[Embedded.Length];
        for (int e = 0; e < Embedded.Length; e++)
        {
            o[e] = offsets[Embedded[e]];
            s[e] = inverseScales[Embedded[e]];
        }
        return new(Features, Frequencies, Width, Scale, o, s, Embedded);
    }

    /// <summary>Why these settings are impossible (a saved model may hold anything), or null.</summary>
    public string? Problem() =>
        Features < 1 ? $"a periodic input of {Features} features is impossible"
        : Frequencies < 1 || Frequencies > MaxFrequencies ? $"{Frequencies} frequencies per feature is outside [1, {MaxFrequencies}]"
        : Width < 1 || Width > MaxWidth ? $"{Width} values per feature is outside [1, {MaxWidth}]"
        : !(float.IsFinite(Scale) && Scale >= 0f) ? $"the frequency scale {Scale} is not a finite value ≥ 0"
        : Embedded.Length < 1 || Embedded.Length > Features || Embedded[0] < 0 || Embedded[^1] >= Features
            || Enumerable.Range(1, Embedded.Length - 1).Any(e => Embedded[e] <= Embedded[e - 1])
            ? $"the embedded slots are not an increasing, non-empty list of slots below {Features}"
        : Offsets.Length != Embedded.Length || InverseScales.Length != Embedded.Length
            ? $"the map has {Offsets.Length} offsets and {InverseScales.Length} scales for {Embedded.Length} embedded features"
        : Offsets.Any(o => !float.IsFinite(o)) || InverseScales.Any(s => !float.IsFinite(s) || s == 0f) ? "the map holds a non-finite offset or a zero or non-finite scale"
        : OwnValues + (long)Embedded.Length * Width + PassThrough.Length > Array.MaxLength
            ? $"a periodic input of {Embedded.Length} features × {Frequencies} frequencies × {Width} values is larger than one array"
        : null;
}
