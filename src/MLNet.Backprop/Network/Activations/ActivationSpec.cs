namespace MLNet.Backprop.Network.Activations;

/// <summary>An activation with its parameter: what a layer stores, a saved model records and a cluster's job sends.</summary>
/// <param name="Kind">Which activation.</param>
/// <param name="Parameter">LeakyReLU's negative-side slope or ELU's α; 0 for the activations without a parameter.</param>
internal readonly record struct ActivationSpec(Activation Kind, float Parameter = 0f)
{
    /// <summary>The activation <paramref name="kind"/> with the parameter it takes from the options (the others get 0).</summary>
    public static ActivationSpec Of(Activation kind, float leakyReluSlope, float eluAlpha) => kind switch
    {
        Activation.LeakyReLU => new(kind, leakyReluSlope),
        Activation.ELU => new(kind, eluAlpha),
        _ => new(kind),
    };

    /// <summary>An activation with its default parameter (<see cref="Defaults"/>'), so that a bare <see cref="Activation"/>
    /// can stand for a layer's activation.</summary>
    public static implicit operator ActivationSpec(Activation kind) => Of(kind, Defaults.LeakyReluSlope, Defaults.EluAlpha);

    /// <summary>Why this is not a valid activation (a saved model or a message may hold anything), or null.</summary>
    public string? Problem() => Kind switch
    {
        _ when !Enum.IsDefined(Kind) => $"the activation code {(int)Kind} is unknown",
        Activation.LeakyReLU when !(Parameter >= 0f && Parameter < 1f) => $"LeakyReLU's slope {Parameter} is not in [0, 1)",
        Activation.ELU when !(Parameter > 0f && float.IsFinite(Parameter)) => $"ELU's α {Parameter} is not finite and positive",
        Activation.LeakyReLU or Activation.ELU => null,
        _ when Parameter != 0f => $"{Kind} takes no parameter but {Parameter} is given",
        _ => null,
    };

    public override string ToString() => Kind is Activation.LeakyReLU or Activation.ELU ? $"{Kind}({Parameter:G4})" : Kind.ToString();
}
