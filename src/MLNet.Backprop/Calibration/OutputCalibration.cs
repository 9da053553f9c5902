namespace MLNet.Backprop.Calibration;

/// <summary>The map a classifier's logits go through before the sigmoid or softmax: z'_j = Scale·z_j + Offsets[j], one
/// form for the affine methods, so that scoring, the file format and ONNX (a Mul and an Add) carry any of them; or, for
/// <see cref="ProbabilityCalibration.Isotonic"/> (binary), the logit of <see cref="Isotonic"/>'s probability of the
/// logit (Scale 1 and Offset 0 then).</summary>
internal sealed record OutputCalibration(ProbabilityCalibration Method, float Scale, float[] Offsets)
{
    /// <summary>No change: the model's outputs as trained.</summary>
    public static OutputCalibration Identity(int outputs) => new(ProbabilityCalibration.None, 1f, new float[outputs]);

    /// <summary>The isotonic map of the binary logit, or null for the affine methods.</summary>
    public IsotonicMap? Isotonic { get; init; }

    public bool IsIdentity => Isotonic is null && Scale == 1f && Offsets.All(o => o == 0f);

    /// <summary>Maps rows × Offsets.Length logits in place.</summary>
    public void Apply(Span<float> logits)
    {
        if (Isotonic is { } map)
        {
            for (int i = 0; i < logits.Length; i++) logits[i] = map.Logit(logits[i]);
            return;
        }
        int outputs = Offsets.Length;
        for (int i = 0; i < logits.Length; i++) logits[i] = Scale * logits[i] + Offsets[i % outputs];
    }

    /// <summary>Why the values cannot be a calibration of <paramref name="outputs"/> logits, or null.</summary>
    public string? Problem(int outputs) =>
        !Enum.IsDefined(Method) || Method == ProbabilityCalibration.Auto ? $"the calibration method {Method} is not one a model stores"
        : Offsets.Length != outputs ? $"the calibration has {Offsets.Length} offsets for {outputs} outputs"
        : !(Scale > 0f) || !float.IsFinite(Scale) ? $"the calibration scale {Scale} is not finite and positive"
        : Offsets.Any(o => !float.IsFinite(o)) ? "a calibration offset is not finite"
        : (Method == ProbabilityCalibration.Isotonic) != (Isotonic is not null) ? $"the calibration method {Method} does not match whether an isotonic map is stored"
        : Isotonic is not null && outputs != 1 ? $"an isotonic calibration maps one logit, not {outputs}"
        : Isotonic?.Problem();
}
