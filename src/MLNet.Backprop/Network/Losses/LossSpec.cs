namespace MLNet.Backprop.Network.Losses;

/// <summary>A loss with its parameter: what training runs with and a cluster's job sends.</summary>
/// <param name="Kind">Which loss.</param>
/// <param name="Parameter">Huber's δ, the focal losses' γ; 0 for the losses without a parameter.</param>
internal readonly record struct LossSpec(LossFunction Kind, float Parameter = 0f)
{
    /// <summary>The loss <paramref name="kind"/> with the parameter it takes from the options (the others get 0).</summary>
    public static LossSpec Of(LossFunction kind, float huberDelta, float focalGamma = Defaults.FocalGamma) => kind switch
    {
        LossFunction.Huber => new(kind, huberDelta),
        LossFunction.BinaryFocal or LossFunction.SoftmaxFocal => new(kind, focalGamma),
        _ => new(kind),
    };

    /// <summary>A loss with its default parameter (<see cref="Defaults"/>'), so that a bare <see cref="LossFunction"/> can stand for it.</summary>
    public static implicit operator LossSpec(LossFunction kind) => Of(kind, Defaults.HuberDelta);

    public override string ToString() => Kind is LossFunction.Huber or LossFunction.BinaryFocal or LossFunction.SoftmaxFocal
        ? $"{Kind}({Parameter:G4})" : Kind.ToString();
}
