using MLNet.Backprop.Network;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// A <see cref="BackpropModel"/> as ONNX nodes, computed the way the library scores: per layer Z = X·W + b
/// (<c>MatMul</c> with W stored input × output as the library holds it, then <c>Add</c>) and the activation; the
/// networks' outputs added in order and divided by their count (networks of one shape as one stack:
/// <see cref="StackedNetworkNodes"/>); for regression × scale + offset.
/// </summary>
internal static class NetworkNodes
{
    // GELU's tanh approximation, as the library computes it: z·σ(2c(z + k·z³)), c = √(2/π) (GeluFunction).
    private const float GeluC = 0.7978845608028654f;
    private const float GeluK = 0.044715f;

    /// <summary>Appends the model; returns the tensor of its pre-link outputs, [N, outputs] (calibrated, for a classifier with a calibration).</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="features">A float tensor [N, FeatureCount].</param>
    /// <param name="keys">The key tensor of each categorical column, in <see cref="BackpropModel.CategoricalColumnNames"/> order.</param>
    public static string AppendModel(GraphWriter writer, BackpropModel model, string features, IReadOnlyList<string>? keys = null)
    {
        var networks = model.Networks;
        keys ??= [];
        string sum;
        if (StackedNetworkNodes.CanStack(networks)) sum = StackedNetworkNodes.AppendMean(writer, networks, features, keys);
        else
        {
            // A model of categorical columns alone never reads the feature tensor.
            if (model.FeatureCount > 0) features = NonFiniteInputs.ToNaN(writer, features);
            sum = AppendNetwork(writer, networks[0], features, networks.Count == 1 ? "" : "N0/", keys);
            for (int m = 1; m < networks.Count; m++)
                sum = writer.Op("Add", "EnsembleSum", [sum, AppendNetwork(writer, networks[m], features, $"N{m}/", keys)]);
            if (networks.Count > 1) sum = writer.Op("Div", "EnsembleMean", [sum, writer.Scalar("EnsembleCount", networks.Count)]);
        }
        if (model.Task == BackpropTask.Regression && (model.TargetScale != 1f || model.TargetOffset != 0f))
        {
            string scaled = writer.Op("Mul", "TargetScaled", [sum, writer.Scalar("TargetScale", model.TargetScale)]);
            sum = writer.Op("Add", "Target", [scaled, writer.Scalar("TargetOffset", model.TargetOffset)]);
        }
        // The probability calibration, as the library scores it: Scale × logit + offset per output, before the link.
        if (model.OutputCalibration is { Isotonic: { } map }) return IsotonicNodes.Calibrate(writer, map, sum);
        if (model.OutputCalibration is { IsIdentity: false } calibration)
        {
            string scaled = calibration.Scale == 1f ? sum : writer.Op("Mul", "CalibrationScaled", [sum, writer.Scalar("CalibrationScale", calibration.Scale)]);
            sum = writer.Op("Add", "Calibrated", [scaled, writer.Floats("CalibrationOffsets", [calibration.Offsets.Length], calibration.Offsets)]);
        }
        return sum;
    }

    private static string AppendNetwork(GraphWriter writer, NeuralNetwork network, string input, string scope, IReadOnlyList<string> keys)
    {
        string x = input;
        foreach (var layer in network.Layers)
        {
            string name = $"{scope}L{layer.Index}/";
            string b = writer.Floats(name + "B", [layer.OutputSize], layer.Bias.Span);
            // The first layer's product comes from its input stage's parts; the others multiply the layer below's output.
            string product = layer.Index == 0 ? InputNodes.Product(writer, network.Input, x, name, keys)
                : writer.Op("MatMul", name + "XW", [x, writer.Floats(name + "W", [layer.InputSize, layer.OutputSize], layer.Weights.Span)]);
            string z = writer.Op("Add", name + "Z", [product, b]);
            x = Activation(writer, layer, z, name);
        }
        return x;
    }

    /// <summary>The layer's activation of <paramref name="z"/> (any shape: elementwise).</summary>
    public static string Activation(GraphWriter writer, DenseLayer layer, string z, string name) => layer.Activation switch
    {
        MLNet.Backprop.Activation.Identity => z,
        MLNet.Backprop.Activation.ReLU => writer.Op("Relu", name + "A", [z]),
        MLNet.Backprop.Activation.LeakyReLU => writer.Op("LeakyRelu", name + "A", [z], GraphWriter.Attribute("alpha", layer.Description.Activation.Parameter)),
        MLNet.Backprop.Activation.ELU => writer.Op("Elu", name + "A", [z], GraphWriter.Attribute("alpha", layer.Description.Activation.Parameter)),
        MLNet.Backprop.Activation.Tanh => writer.Op("Tanh", name + "A", [z]),
        MLNet.Backprop.Activation.Sigmoid => writer.Op("Sigmoid", name + "A", [z]),
        MLNet.Backprop.Activation.GELU => Gelu(writer, z, name),
        _ => throw new NotSupportedException($"Layer {layer.Index} uses activation {layer.Activation}, which has no ONNX form in this version of MLNet.Backprop.Onnx."),
    };

    // ONNX's Gelu operator needs opset 20; the converter's graph is opset 12, so GELU is composed of primitives, in the
    // library's order of operations: ((k·z)·z)·z, z + that, (2c)·that, σ, z·σ.
    private static string Gelu(GraphWriter writer, string z, string name)
    {
        string kz = writer.Op("Mul", name + "kz", [writer.Scalar(name + "k", GeluK), z]);
        string kz3 = writer.Op("Mul", name + "kz3", [writer.Op("Mul", name + "kz2", [kz, z]), z]);
        string u = writer.Op("Mul", name + "u", [writer.Scalar(name + "2c", 2f * GeluC), writer.Op("Add", name + "inner", [z, kz3])]);
        return writer.Op("Mul", name + "A", [z, writer.Op("Sigmoid", name + "s", [u])]);
    }
}
