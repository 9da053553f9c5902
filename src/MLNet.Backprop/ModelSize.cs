using MLNet.Backprop.Integration.Serialization;

namespace MLNet.Backprop;

/// <summary>
/// How large a model's file would be, checked before it is written: a file a format cannot hold (ONNX's 2 GB protobuf
/// limit) or that <c>LoadBackprop</c> would refuse (1 GiB per model) is refused at once, naming the sizes, instead of
/// running out of memory, overflowing or writing a file no one can read.
/// </summary>
internal static class ModelSize
{
    /// <summary>Largest ONNX model: a protobuf message is at most 2 GiB − 1 bytes; 64 MB are kept for the graph around
    /// the weights (ML.NET's featurizer nodes and the network's own nodes).</summary>
    public const long OnnxWeightBytes = int.MaxValue - (64L << 20);

    /// <summary>Largest model in a <c>SaveBackprop</c> file: what its loader accepts per entry, less 16 MB for the
    /// training history and the diagnosis stored beside the weights.</summary>
    public const long ContainerWeightBytes = ModelContainer.MaxEntryBytes - (16L << 20);

    /// <summary>A smaller limit for the tests of the refusals, which cannot train gigabytes (null: the real limits).</summary>
    internal static readonly AsyncLocal<long?> LimitForTests = new();

    /// <summary>Bytes of every trainable value of every network of <paramref name="model"/> (4 per value): the layers'
    /// weights and biases and the input stage's parameters (embedding tables, periodic frequencies and maps, feature
    /// scales), which for a categorical column of many keys can be most of the model.</summary>
    public static long WeightBytes(BackpropModel model) =>
        model.Networks.Sum(n => n.Parameters.Sum(p => (long)p.Length) * sizeof(float));

    /// <summary>Refuses a model whose weights exceed <paramref name="limit"/> bytes in <paramref name="format"/>.</summary>
    /// <exception cref="NotSupportedException">It does (the message names both sizes and what to do).</exception>
    public static void Check(BackpropModel model, long limit, string format, string advice)
    {
        limit = LimitForTests.Value ?? limit;
        long bytes = WeightBytes(model);
        if (bytes <= limit) return;
        long parameters = bytes / sizeof(float);
        throw new NotSupportedException($"The model's weights take {Size(bytes)} ({parameters:N0} parameters in {model.Networks.Count} network" +
            $"{(model.Networks.Count == 1 ? "" : "s")}); {format} holds at most {Size(limit)} of weights. Nothing was written. {advice}");
    }

    private static string Size(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F2} GiB" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):F1} MiB" : $"{bytes:N0} bytes";
}
