namespace MLNet.Backprop.Calibration;

/// <summary>The affine map a classifier's logits go through before the sigmoid or softmax: z'_j = Scale·z_j + Offsets[j].
/// One form for all methods, so that scoring, the file format and ONNX (a Mul and an Add) carry any of them.</summary>
internal sealed record OutputCalibration(ProbabilityCalibration Method, float Scale, float[] Offsets)
{
    /// <summary>No change: the model's outputs as trained.</summary>
    public static OutputCalibration Identity(int outputs) => new(ProbabilityCalibration.None, 1f, new float[outputs]);

    public bool IsIdentity => Scale == 1f && Offsets.All(o => o == 0f);

    /// <summary>Maps rows × Offsets.Length logits in place.</summary>
    public void Apply(Span<float> logits)
    {
        int outputs = Offsets.Length;
        for (int i = 0; i < logits.Length; i++) logits[i] = Scale * logits[i] + Offsets[i % outputs];
    }

    /// <summary>Why the values cannot be a calibration of <paramref name="outputs"/> logits, or null.</summary>
    public string? Problem(int outputs) =>
        !Enum.IsDefined(Method) || Method == ProbabilityCalibration.Auto ? $"the calibration method {Method} is not one a model stores"
        : Offsets.Length != outputs ? $"the calibration has {Offsets.Length} offsets for {outputs} outputs"
        : !(Scale > 0f) || !float.IsFinite(Scale) ? $"the calibration scale {Scale} is not finite and positive"
        : Offsets.Any(o => !float.IsFinite(o)) ? "a calibration offset is not finite"
        : null;
}
