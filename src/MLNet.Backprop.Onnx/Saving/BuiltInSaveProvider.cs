using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Onnx.Saving;

/// <summary>
/// What <c>ml.Model.Save</c> writes for a <see cref="BackpropTransformer"/> when this package is part of the application
/// (the core finds this class by name, <c>MlNetModelSaving</c>): the equivalent chain of built-ins
/// (<see cref="BuiltInChain"/>), saved in the transformer's place. Plain <c>ml.Model.Load</c> reads it back as that
/// chain, in any application that references Microsoft.ML.OnnxTransformer and Microsoft.ML.OnnxRuntime; no
/// registration call, no MLNet.Backprop needed.
/// </summary>
internal sealed class BuiltInSaveProvider : IBuiltInSaveProvider
{
    public void Save(BackpropTransformer transformer, ModelSaveContext ctx)
    {
        // Everything is built, and ONNX Runtime loaded, before anything is written into the model.
        ModelSize.Check(transformer.Model, ModelSize.OnnxWeightBytes, "ml.Model.Save's format (the network runs in ML.NET's OnnxTransformer: one ONNX model, " +
            "which protobuf limits to 2 GB)", "Save with ml.Model.SaveBackprop instead (up to 1 GiB per model), or train a smaller network. ML.NET's " +
            "Model.Save(model, schema, path) creates its file before it asks any transformer to save, so delete the incomplete file it leaves.");
        TransformerChain<ITransformer> chain;
        try
        {
            chain = BuiltInChain.Build(new MLContext(seed: 0), transformer.Model, transformer.FeatureColumnName);
        }
        catch (Exception e) when (IsMissingNativeRuntime(e))
        {
            throw new NotSupportedException(
                "ml.Model.Save writes a BackpropTransformer as ML.NET's OnnxTransformer, which needs ONNX Runtime's native library when the " +
                "model is saved and when it is loaded. Add it with the one line <PackageReference Include=\"Microsoft.ML.OnnxRuntime\" Version=\"1.31.1\" />. " +
                "Nothing of the BackpropTransformer was written.", e);
        }
        using (chain) ((ICanSaveModel)chain).Save(ctx);
    }

    private static bool IsMissingNativeRuntime(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is DllNotFoundException || x.Message.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) && x is TypeInitializationException)
                return true;
        return false;
    }
}
