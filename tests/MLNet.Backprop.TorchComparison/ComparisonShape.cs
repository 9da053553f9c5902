using System.Globalization;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// A network (inputs, ReLU hidden layers, one logit) and mini-batch size that both sides train, with the size of its
/// generated data set and the default number of epochs (chosen so that one TorchSharp training run takes roughly a
/// second on a 2-vCPU Xeon and every epoch has at least 64 full batches).
/// </summary>
/// <param name="Inputs">Input features.</param>
/// <param name="Hidden">Hidden layer widths, input side first.</param>
/// <param name="Batch">Mini-batch rows.</param>
/// <param name="Rows">Rows of the generated data set; a multiple of <paramref name="Batch"/>, so both sides see only full batches.</param>
/// <param name="Epochs">Default passes over the data.</param>
internal sealed record ComparisonShape(int Inputs, int[] Hidden, int Batch, int Rows, int Epochs)
{
    /// <summary>The five shapes of the project's performance claims.</summary>
    public static IReadOnlyList<ComparisonShape> Standard { get; } =
    [
        new(45, [64, 32], 64, Rows: 16_384, Epochs: 16) { TorchGoal = 10 },
        new(45, [64, 32], 256, Rows: 65_536, Epochs: 8) { TorchGoal = 10 },
        new(256, [512, 512], 256, Rows: 16_384, Epochs: 3) { TorchGoal = 1.5, GemmShareGoal = 0.8 },
        new(784, [1024, 1024], 256, Rows: 16_384, Epochs: 1) { TorchGoal = 1.5, GemmShareGoal = 0.8 },
        new(784, [1024, 1024], 32, Rows: 4_096, Epochs: 1) { TorchGoal = 2, GemmShareGoal = 0.8 },
    ];

    /// <summary>Issue 14's goal for our whole <c>Fit</c> over TorchSharp's contiguous loop with 2 threads; null for custom shapes.</summary>
    public double? TorchGoal { get; init; }

    /// <summary>Issue 14's goal for the useful FLOP rate of whole <c>Fit</c> as a share of our GEMM's rate on the same
    /// products (the large shapes); null where there is none.</summary>
    public double? GemmShareGoal { get; init; }

    /// <summary>Full mini-batches per epoch.</summary>
    public int BatchesPerEpoch => Rows / Batch;

    /// <summary>Trainable parameters of the network (weights and biases, one output unit).</summary>
    public long Parameters
    {
        get
        {
            long total = 0;
            int previous = Inputs;
            foreach (int width in Hidden.Append(1))
            {
                total += (long)previous * width + width;
                previous = width;
            }
            return total;
        }
    }

    /// <summary>The same network and batch with a data set of <paramref name="batches"/> batches and <paramref name="epochs"/> epochs.</summary>
    public ComparisonShape Resized(int batches, int epochs) => this with { Rows = batches * Batch, Epochs = epochs };

    /// <summary>Parses "3" (the third standard shape) or "IN:H1-H2-...:BATCH" (a custom shape with 64 batches, 1 epoch).</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static ComparisonShape Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index < 1 || index > Standard.Count) throw new FormatException($"Shape index {index} is not in 1..{Standard.Count}.");
            return Standard[index - 1];
        }
        string[] parts = text.Split(':');
        try
        {
            if (parts.Length != 3) throw new FormatException();
            int inputs = int.Parse(parts[0], CultureInfo.InvariantCulture);
            int[] hidden = parts[1].Split('-').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray();
            int batch = int.Parse(parts[2], CultureInfo.InvariantCulture);
            if (inputs < 1 || batch < 1 || hidden.Any(h => h < 1)) throw new FormatException();
            return new ComparisonShape(inputs, hidden, batch, 64 * batch, 1);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"Shape '{text}' is neither an index 1..{Standard.Count} nor IN:H1-H2-...:BATCH (e.g. 45:64-32:64).");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"({Inputs}, [{string.Join(", ", Hidden)}], {Batch})";
}
