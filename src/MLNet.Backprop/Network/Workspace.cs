namespace MLNet.Backprop.Network;

/// <summary>
/// The per-batch buffers of one forward/backward pass, sized once for a maximum batch and reused, so a training step
/// allocates nothing. One workspace per thread: a network's weights can be shared, a workspace cannot.
/// </summary>
internal sealed class Workspace
{
    public Workspace(NeuralNetwork network, int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A workspace holds at least one row.");
        Capacity = capacity;
        int layers = network.Layers.Count;
        Z = new float[layers][];
        A = new float[layers][];
        Output = new float[layers][];
        Mask = new float[layers][];
        Delta = new float[layers][];
        InputScratch = network.Input.ScratchPerRow.Select(perRow => perRow == 0 ? Array.Empty<float>() : new float[(long)capacity * perRow]).ToArray();
        for (int l = 0; l < layers; l++)
        {
            var layer = network.Layers[l];
            long size = (long)capacity * layer.OutputSize;
            Z[l] = new float[size];
            // Identity keeps A = Z; no dropout keeps Output = A: fewer copies in the hot loop.
            A[l] = layer.Activation == Activation.Identity ? Z[l] : new float[size];
            bool dropout = layer.DropoutRate > 0f;
            Output[l] = dropout ? new float[size] : A[l];
            Mask[l] = dropout ? new float[size] : [];
            Delta[l] = new float[size];
        }
    }

    /// <summary>Each input part's scratch (see <see cref="Inputs.IInputPart.ScratchPerRow"/>), capacity rows of it.</summary>
    public float[][] InputScratch { get; }

    /// <summary>Maximum rows per pass.</summary>
    public int Capacity { get; }

    /// <summary>Pre-activations per layer.</summary>
    public float[][] Z { get; }

    /// <summary>Activations per layer (aliases Z for identity layers).</summary>
    public float[][] A { get; }

    /// <summary>What the next layer sees: A after dropout (aliases A when the layer has no dropout).</summary>
    public float[][] Output { get; }

    /// <summary>Dropout multipliers (0 or 1/(1 − p)) of the last training pass.</summary>
    public float[][] Mask { get; }

    /// <summary>dL/dOutput per layer; the last one is filled by the loss.</summary>
    public float[][] Delta { get; }
}
