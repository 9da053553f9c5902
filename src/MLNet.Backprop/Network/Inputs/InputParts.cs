namespace MLNet.Backprop.Network.Inputs;

/// <summary>The table from an input part's description to its implementation.</summary>
internal static class InputParts
{
    public static IInputPart Create(InputPartDescription description) => description.Kind switch
    {
        InputKind.Dense => new DenseInput(description.Slots),
        InputKind.Sparse => new SparseInput(description.Slots),
        _ => throw new ArgumentOutOfRangeException(nameof(description), description.Kind, "Unknown input kind."),
    };
}
