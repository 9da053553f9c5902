namespace MLNet.Backprop.Training;

/// <summary>What one embedding table (a categorical column's learned vectors) did during one epoch: how much gradient
/// reached the rows its mini-batches touched, how far those rows moved, and how many key values had a training row at
/// all. Measured on the touched rows only (a table may be far larger than what a batch reads), so it costs no more
/// than the sparse update itself.</summary>
public sealed record EmbeddingStatistics
{
    /// <summary>Index of the table: the position of its column in <see cref="BackpropTrainer.Options.CategoricalColumnNames"/>
    /// (and <see cref="BackpropModel.CategoricalColumnNames"/>).</summary>
    public int Table { get; init; }

    /// <summary>Key values of the column (the table has one row more: the row of a missing or unknown key).</summary>
    public int Keys { get; init; }

    /// <summary>Values per vector.</summary>
    public int Width { get; init; }

    /// <summary>Mean over the epoch's mini-batches of the L2 norm of dLoss/d(table) (its only non-zero rows being the
    /// batch's keys').</summary>
    public double GradientNormMean { get; init; }

    /// <summary>Largest per-batch gradient L2 norm of the table in the epoch.</summary>
    public double GradientNormMax { get; init; }

    /// <summary>Mean over the epoch's mini-batches of the gradient's root mean square per value of the rows the batch
    /// touched (comparable across tables of any size, unlike the norm).</summary>
    public double GradientRms { get; init; }

    /// <summary>‖Δv‖ / ‖v‖ of the epoch's last optimizer step over the rows that step touched (healthy training is around
    /// 1e-3; near 0 the vectors do not move); NaN when the diagnostics are off (<see cref="BackpropTrainer.Options.RecordDiagnostics"/>).</summary>
    public double UpdateRatio { get; init; } = double.NaN;

    /// <summary>Key values whose row at least one mini-batch of the epoch touched.</summary>
    public int KeysTouched { get; init; }

    /// <summary>Key values whose row no mini-batch has touched since training began: no training row has them, so they
    /// keep their random initial vectors.</summary>
    public int KeysNeverTouched { get; init; }
}
