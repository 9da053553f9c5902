namespace MLNet.Backprop;

/// <summary>How classification examples are weighted by their class.</summary>
public enum ClassWeighting
{
    /// <summary>Every example counts the same (times its example weight, if any).</summary>
    None,
    /// <summary>Class c's examples weigh n / (K·n_c), so each class contributes equally to the loss (scikit-learn's
    /// "balanced"); multiplied with the example-weight column when there is one.</summary>
    Balanced,
    /// <summary>Class c's examples weigh √(n / (K·n_c)): the square root of <see cref="Balanced"/>'s weights, a milder
    /// push toward rare classes (a class 20× rarer weighs about 4.5× more, not 20×); multiplied with the example-weight
    /// column when there is one.</summary>
    SquareRoot,
}
