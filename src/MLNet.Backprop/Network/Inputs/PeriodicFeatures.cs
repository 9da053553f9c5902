namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The fixed settings of a periodic input part (<see cref="PeriodicInput"/>), apart from its learned values: the
/// features it reads, k frequencies and d output values per feature, the scale σ its frequencies are drawn at, and the
/// map x → (x − offset)·inverseScale it applies to each feature value first (the identity while training on
/// standardised rows; the standardisation once folded in). Immutable and shared by clones; stored in the model.
/// </summary>
internal sealed class PeriodicFeatures
{
    /// <summary>The most frequencies per feature, the widest output per feature, a model file may hold.</summary>
    public const int MaxFrequencies = 1024, MaxWidth = 1024;

    public PeriodicFeatures(int features, int frequencies, int width, float scale, float[]? offsets = null, float[]? inverseScales = null)
    {
        Features = features;
        Frequencies = frequencies;
        Width = width;
        Scale = scale;
        Offsets = offsets ?? new float[Math.Max(0, features)];
        InverseScales = inverseScales ?? Enumerable.Repeat(1f, Math.Max(0, features)).ToArray();
    }

    /// <summary>Feature values read per row.</summary>
    public int Features { get; }

    /// <summary>k: learned frequencies per feature (2k values sin/cos enter its linear layer).</summary>
    public int Frequencies { get; }

    /// <summary>d: values per feature fed to the first layer (its linear layer's outputs after ReLU).</summary>
    public int Width { get; }

    /// <summary>σ: the frequencies' initial standard deviation (used only when a network is created).</summary>
    public float Scale { get; }

    /// <summary>Per feature, subtracted before the scaling (0 while training).</summary>
    public float[] Offsets { get; }

    /// <summary>Per feature, the factor after the offset (1 while training).</summary>
    public float[] InverseScales { get; }

    /// <summary>Rows of the first layer's weights fed: d per feature.</summary>
    public int Rows => checked(Features * Width);

    /// <summary>Learned values: the frequencies (F·k), the linear layers' weights (F·2k·d) and biases (F·d).</summary>
    public long OwnValues => (long)Features * (Frequencies + 2L * Frequencies * Width + Width);

    /// <summary>Whether the map is the identity (nothing folded in).</summary>
    public bool MapsIdentically => Offsets.All(o => o == 0f) && InverseScales.All(s => s == 1f);

    /// <summary>The same part with the map x → (x − offset)·inverseScale.</summary>
    public PeriodicFeatures WithMap(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales) =>
        new(Features, Frequencies, Width, Scale, offsets.Slice(0, Features).ToArray(), inverseScales.Slice(0, Features).ToArray());

    /// <summary>Why these settings are impossible (a saved model may hold anything), or null.</summary>
    public string? Problem() =>
        Features < 1 ? $"a periodic input of {Features} features is impossible"
        : Frequencies < 1 || Frequencies > MaxFrequencies ? $"{Frequencies} frequencies per feature is outside [1, {MaxFrequencies}]"
        : Width < 1 || Width > MaxWidth ? $"{Width} values per feature is outside [1, {MaxWidth}]"
        : !(float.IsFinite(Scale) && Scale >= 0f) ? $"the frequency scale {Scale} is not a finite value ≥ 0"
        : Offsets.Length != Features || InverseScales.Length != Features ? $"the map has {Offsets.Length} offsets and {InverseScales.Length} scales for {Features} features"
        : Offsets.Any(o => !float.IsFinite(o)) || InverseScales.Any(s => !float.IsFinite(s) || s == 0f) ? "the map holds a non-finite offset or a zero or non-finite scale"
        : OwnValues + (long)Features * Width > Array.MaxLength ? $"a periodic input of {Features} features × {Frequencies} frequencies × {Width} values is larger than one array"
        : null;
}
