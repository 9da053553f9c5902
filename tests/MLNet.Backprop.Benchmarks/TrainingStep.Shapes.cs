using MLNet.Backprop.Training;

namespace MLNet.Backprop.Benchmarks;

// The benchmarks' own shapes and data for the bare step (the comparison with TorchSharp passes its own data).
internal sealed partial class TrainingStep
{
    private const int BatchesPerEpoch = 8;

    public TrainingStep(TrainingShape shape, int threads, bool recordDiagnostics = true)
        : this(shape.Inputs, shape.Hidden, shape.Batch, threads, Data(shape), recordDiagnostics)
    {
        Shape = shape;
    }

    /// <summary>The shape, when built from one of <see cref="TrainingShape.All"/>.</summary>
    public TrainingShape? Shape { get; }

    // Uniform features in [-1, 1], a linear label: learnable, and every unit alive after a few batches.
    private static TrainingData Data(TrainingShape shape)
    {
        int rows = shape.Batch * BatchesPerEpoch;
        var random = new Random(3);
        var x = new float[rows * shape.Inputs];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2f - 1f;
        var y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = x[i * shape.Inputs] + 0.3f * x[i * shape.Inputs + 1] > 0 ? 1f : 0f;
        return new TrainingData(x, rows, shape.Inputs, y);
    }
}
