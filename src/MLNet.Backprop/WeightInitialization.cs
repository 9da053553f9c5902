namespace MLNet.Backprop;

/// <summary>How the initial weights are drawn. Hidden-layer biases start at <see cref="BackpropTrainer.Options.InitialBias"/>.</summary>
public enum WeightInitialization
{
    /// <summary>He (normal) for the ReLU family, ELU and GELU; Glorot (uniform) for tanh, sigmoid and identity.</summary>
    Auto,
    /// <summary>He/Kaiming normal: N(0, 2/fan_in). Keeps the variance of ReLU layers' outputs stable.</summary>
    HeNormal,
    /// <summary>He/Kaiming uniform: U(−√(6/fan_in), √(6/fan_in)).</summary>
    HeUniform,
    /// <summary>Glorot/Xavier uniform: U(−√(6/(fan_in+fan_out)), +…). Suits symmetric saturating activations.</summary>
    GlorotUniform,
    /// <summary>Glorot/Xavier normal: N(0, 2/(fan_in+fan_out)).</summary>
    GlorotNormal,
}
