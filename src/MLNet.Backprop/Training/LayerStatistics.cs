namespace MLNet.Backprop.Training;

/// <summary>What one layer did during one epoch: how much gradient reached it, how its weights moved, and the health
/// of its units. The raw material of the gradient-flow diagnosis.</summary>
public sealed record LayerStatistics
{
    /// <summary>Index of the layer (0 = first hidden layer).</summary>
    public int Layer { get; init; }

    /// <summary>Mean over the epoch's mini-batches of the L2 norm of dLoss/d(weights and bias) of this layer.</summary>
    public double GradientNormMean { get; init; }

    /// <summary>Mean over the epoch's mini-batches of the gradient's root mean square per value over the values the
    /// batch could give a gradient: every weight and bias of the layer, but of a sparse input's first layer only the
    /// rows (input slots) the batch touched, and the bias — comparable across layers and vocabularies of any size, where
    /// <see cref="GradientNormMean"/> over all of a 178k-slot layer's weights is diluted by the rows no batch reads. A
    /// step that updates every row (<see cref="SparseUpdates.EveryRow"/>, the micro-batch and cluster modes) counts
    /// every row. NaN in a history written before it was recorded.</summary>
    public double GradientRms { get; init; } = double.NaN;

    /// <summary>Largest per-batch gradient L2 norm of this layer in the epoch.</summary>
    public double GradientNormMax { get; init; }

    /// <summary>L2 norm of the layer's weight matrix at the end of the epoch.</summary>
    public double WeightNorm { get; init; }

    /// <summary>‖Δw‖ / ‖w‖ of the epoch's last optimizer step (healthy training is around 1e-3); 0 when the unit statistics
    /// are not recorded (as <see cref="DeadUnitShare"/>).</summary>
    public double UpdateRatio { get; init; }

    /// <summary>Number of NaN or infinite values met in this layer's gradients and weights during the epoch.</summary>
    public long NonFiniteCount { get; init; }

    /// <summary>Share of units never active (pre-activation ≤ 0 for every example) during the epoch; ReLU and LeakyReLU
    /// only, else 0, and 0 when the unit statistics are not recorded (<see cref="BackpropTrainer.Options.RecordDiagnostics"/>
    /// false, and the networks of an ensemble after the first).</summary>
    public double DeadUnitShare { get; init; }

    /// <summary>Magnitudes of this layer's gradients in the epoch's last mini-batch; null when diagnostics are off.</summary>
    public GradientHistogram? GradientHistogram { get; init; }

    /// <summary>Share of activations near the bounds (|tanh| &gt; 0.99, sigmoid &lt; 0.01 or &gt; 0.99); sigmoid/tanh only, else 0,
    /// and 0 when the unit statistics are not recorded (as <see cref="DeadUnitShare"/>).</summary>
    public double SaturatedShare { get; init; }
}
