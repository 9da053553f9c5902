namespace MLNet.Backprop.Network.Activations;

/// <summary>The table from a layer's activation (and its parameter) to the implementation.</summary>
internal static class ActivationFunctions
{
    public static IActivationFunction Create(Activation kind, float leakyReluSlope, float eluAlpha) => kind switch
    {
        Activation.Identity => new IdentityFunction(),
        Activation.ReLU => new ReluFunction(),
        Activation.LeakyReLU => new LeakyReluFunction(leakyReluSlope),
        Activation.ELU => new EluFunction(eluAlpha),
        Activation.GELU => new GeluFunction(),
        Activation.Tanh => new TanhFunction(),
        Activation.Sigmoid => new SigmoidFunction(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}
