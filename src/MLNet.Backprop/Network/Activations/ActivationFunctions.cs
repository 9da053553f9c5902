namespace MLNet.Backprop.Network.Activations;

/// <summary>The table from a layer's activation (with its parameter) to the implementation.</summary>
internal static class ActivationFunctions
{
    public static IActivationFunction Create(ActivationSpec spec) => spec.Kind switch
    {
        Activation.Identity => new IdentityFunction(),
        Activation.ReLU => new ReluFunction(),
        Activation.LeakyReLU => new LeakyReluFunction(spec.Parameter),
        Activation.ELU => new EluFunction(spec.Parameter),
        Activation.GELU => new GeluFunction(),
        Activation.Tanh => new TanhFunction(),
        Activation.Sigmoid => new SigmoidFunction(),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown activation."),
    };
}
