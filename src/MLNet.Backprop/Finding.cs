namespace MLNet.Backprop;

/// <summary>One problem found in a training run: what, how bad, where, the numbers that show it, and what to change.</summary>
public sealed record Finding
{
    /// <summary>What the finding is about.</summary>
    public required FindingKind Kind { get; init; }

    /// <summary>How serious it is.</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>The layer concerned (0 = first hidden layer), or null when it concerns the whole network or the data.</summary>
    public int? Layer { get; init; }

    /// <summary>The column concerned: a categorical column (its embedding table), the label column
    /// (<see cref="FindingKind.DistantValidationLabels"/>, <see cref="FindingKind.ConstantLabel"/>) or the features column
    /// (<see cref="FindingKind.ConstantFeatures"/>); null when the finding is not about one.</summary>
    public string? Column { get; init; }

    /// <summary>The epoch (1-based) where it showed: the first of the epochs in which the condition held, or, for a verdict
    /// on the whole run (no learning, saturation, a frozen embedding), the last epoch; null when it concerns no single
    /// epoch (found before training, or a loss oscillating over the run).</summary>
    public int? Epoch { get; init; }

    /// <summary>Plain-words description with the numbers, e.g. "layer 0 receives 1e-7 of layer 3's gradient".</summary>
    public required string Message { get; init; }

    /// <summary>Concrete advice: which option to change and to what.</summary>
    public required string Advice { get; init; }

    /// <summary>The measurements that triggered the finding, by name.</summary>
    public IReadOnlyDictionary<string, double> Evidence { get; init; } = new Dictionary<string, double>();

    /// <summary>"[Warning] VanishingGradients (layer 0, epoch 3): message → advice".</summary>
    public override string ToString()
    {
        string where = string.Join(", ", new[] { Layer is int l ? $"layer {l}" : null, Column is { } c ? $"column '{c}'" : null, Epoch is int e ? $"epoch {e}" : null }.Where(s => s is not null));
        return $"[{Severity}] {Kind}{(where.Length > 0 ? $" ({where})" : "")}: {Message} → {Advice}";
    }
}
