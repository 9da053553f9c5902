using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training;

/// <summary>A network's parameters as one flat vector, in <see cref="NeuralNetwork.Parameters"/> order (layer 0 weights,
/// layer 0 bias, layer 1 weights, ...): what the micro-batch mode sends and reduces.</summary>
internal static class ParameterVector
{
    /// <summary>Copies every parameter value into <paramref name="destination"/>.</summary>
    public static void CopyValues(NeuralNetwork network, Span<float> destination)
    {
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            p.Values.CopyTo(destination.Slice(offset, p.Length));
            offset += p.Length;
        }
    }

    /// <summary>Sets every parameter value from <paramref name="source"/>.</summary>
    public static void LoadValues(NeuralNetwork network, ReadOnlySpan<float> source)
    {
        if (source.Length != network.ParameterCount)
            throw new ArgumentException($"The vector holds {source.Length} values; the network has {network.ParameterCount} parameters.", nameof(source));
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            source.Slice(offset, p.Length).CopyTo(p.Values);
            offset += p.Length;
        }
    }

    /// <summary>Copies every parameter gradient into <paramref name="destination"/>, but <paramref name="except"/>'s
    /// (its place left as it is) when given.</summary>
    public static void CopyGradients(NeuralNetwork network, Span<float> destination, Parameter? except = null)
    {
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            if (!ReferenceEquals(p, except)) p.Gradients.CopyTo(destination.Slice(offset, p.Length));
            offset += p.Length;
        }
    }

    /// <summary>Where <paramref name="parameter"/> starts in the vector.</summary>
    /// <exception cref="ArgumentException">It is not one of the network's parameters.</exception>
    public static int OffsetOf(NeuralNetwork network, Parameter parameter)
    {
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            if (ReferenceEquals(p, parameter)) return offset;
            offset += p.Length;
        }
        throw new ArgumentException("The parameter is not one of the network's.", nameof(parameter));
    }
}
