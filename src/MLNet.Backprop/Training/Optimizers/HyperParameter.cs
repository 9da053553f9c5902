namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Range checks shared by the optimizers, their settings and the learning-rate schedules.</summary>
/// <remarks>Every failure is an <see cref="ArgumentOutOfRangeException"/> whose <c>ParamName</c> is the option and whose
/// <c>ActualValue</c> is the rejected value, so the message names both.</remarks>
internal static class HyperParameter
{
    /// <summary>Accepts a value in [0, 1), e.g. a momentum or a moment decay rate.</summary>
    public static float InUnitInterval(float value, string name) =>
        value >= 0f && value < 1f ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");

    /// <summary>Accepts a finite value &gt; 0, e.g. an epsilon or a learning rate.</summary>
    public static float Positive(float value, string name) =>
        value > 0f && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0.");

    /// <summary>Accepts a finite value ≥ 0, e.g. a weight decay.</summary>
    public static float NonNegative(float value, string name) =>
        value >= 0f && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and ≥ 0.");

    /// <summary>Accepts a value in (0, 1], e.g. a learning-rate decay factor.</summary>
    public static float DecayFactor(float value, string name) =>
        value > 0f && value <= 1f ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");

    /// <summary>Accepts an integer ≥ 1, e.g. a number of epochs.</summary>
    public static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 1.");
}
