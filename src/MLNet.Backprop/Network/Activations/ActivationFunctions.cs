namespace MLNet.Backprop.Network.Activations;

/// <summary>The table from <see cref="Activation"/> to its implementation.</summary>
internal static class ActivationFunctions
{
    public static IActivationFunction Create(Activation kind, float leakyReluSlope = 0.01f, float eluAlpha = 1f) => kind switch
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
