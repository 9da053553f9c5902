namespace MLNet.Backprop;

/// <summary>The non-linearity applied to the output of each hidden layer.</summary>
/// <remarks>The output layer is always linear; the loss applies the link (sigmoid or softmax) to its logits.</remarks>
public enum Activation
{
    /// <summary>f(z) = z.</summary>
    Identity,
    /// <summary>f(z) = max(0, z).</summary>
    ReLU,
    /// <summary>f(z) = z for z &gt; 0, α·z otherwise (α is the slope option, default 0.01).</summary>
    LeakyReLU,
    /// <summary>f(z) = z for z &gt; 0, α·(eᶻ − 1) otherwise (α default 1).</summary>
    ELU,
    /// <summary>Gaussian error linear unit, tanh approximation: ½z(1 + tanh(√(2/π)(z + 0.044715z³))).</summary>
    GELU,
    /// <summary>f(z) = tanh(z).</summary>
    Tanh,
    /// <summary>f(z) = 1 / (1 + e⁻ᶻ).</summary>
    Sigmoid,
}
