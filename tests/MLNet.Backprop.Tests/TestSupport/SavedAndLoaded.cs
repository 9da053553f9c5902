using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A fitted model through <c>SaveBackprop</c> and <c>LoadBackprop</c>, as the round-trip tests take it.</summary>
internal static class SavedAndLoaded
{
    /// <summary>The model written to a stream with <c>SaveBackprop</c> and read back with <c>LoadBackprop</c>.</summary>
    public static ITransformer Reload(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var file = new MemoryStream();
        ml.Model.SaveBackprop(model, inputSchema, file);
        file.Position = 0;
        return ml.Model.LoadBackprop(file, out _);
    }

    /// <summary>The trained model of a pipeline <see cref="Reload"/> gave back (its last transformer).</summary>
    public static BackpropModel ModelOf(ITransformer loaded) => ((BackpropTransformer)((TransformerChain<ITransformer>)loaded).LastTransformer).Model;
}
