namespace MLNet.Backprop;

/// <summary>How <see cref="BackpropTrainer"/> reads the training data.</summary>
public enum DataLoading
{
    /// <summary>Read once into contiguous memory (features ≈ 4 bytes × rows × columns), then shuffle row indices every
    /// epoch. Fastest; the default.</summary>
    InMemory,
    /// <summary>Read the data view with a fresh cursor every epoch, shuffling within a block of
    /// <see cref="BackpropTrainer.Options.StreamingBlockSize"/> rows that slides over them (half of it served and read
    /// anew at a time: only approximately random).
    /// Memory stays at one block whatever the data size, plus each network's held-out rows (read once, before training;
    /// the automatic hold-out at most about one block's bytes); every epoch re-runs the upstream transforms.</summary>
    Streaming,
}
