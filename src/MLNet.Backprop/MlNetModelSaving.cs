using Microsoft.ML;

namespace MLNet.Backprop;

/// <summary>Writes a <see cref="BackpropTransformer"/> into a model that ML.NET's own <c>ml.Model.Save</c> is saving.</summary>
/// <remarks>Implemented by the optional package MLNet.Backprop.Onnx, which writes the transformer as an equivalent chain
/// of ML.NET's built-in transformers (the network runs in ML.NET's OnnxTransformer), so that plain <c>ml.Model.Load</c>
/// reads it back without MLNet.Backprop and without any registration.</remarks>
internal interface IBuiltInSaveProvider
{
    /// <summary>Writes <paramref name="transformer"/> into <paramref name="ctx"/>; throws before writing anything when it cannot.</summary>
    void Save(BackpropTransformer transformer, ModelSaveContext ctx);
}

/// <summary>
/// <c>ml.Model.Save</c> support for <see cref="BackpropTransformer"/>. ML.NET registers loaders of its model format
/// through internal API only, so the transformer saves itself as ML.NET built-ins; building those needs ONNX, which the
/// core must not depend on. The core therefore looks for the provider of the optional package by its assembly-qualified
/// name (resolved like any referenced assembly, from the application's dependencies) and, without it, fails before
/// writing anything of the transformer, naming the package to add.
/// </summary>
internal static class MlNetModelSaving
{
    internal const string PackageName = "MLNet.Backprop.Onnx";
    internal const string ProviderTypeName = "MLNet.Backprop.Onnx.Saving.BuiltInSaveProvider, " + PackageName;

    private static readonly Lazy<IBuiltInSaveProvider?> Provider = new(Find);

    /// <summary>The provider, or null when the package is not part of the application.</summary>
    internal static IBuiltInSaveProvider? Find()
    {
        Type? type;
        try
        {
            type = Type.GetType(ProviderTypeName, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            return null;
        }
        return type is null ? null : Activator.CreateInstance(type, nonPublic: true) as IBuiltInSaveProvider;
    }

    public static void Save(BackpropTransformer transformer, ModelSaveContext ctx)
    {
        var provider = Provider.Value ?? throw new NotSupportedException(
            $"MLContext.Model.Save needs the {PackageName} package to save a pipeline containing BackpropTransformer " +
            $"(it writes the network as ML.NET's built-in OnnxTransformer, which plain ml.Model.Load reads). Add it with the one line " +
            $"<PackageReference Include=\"{PackageName}\" /> (dotnet add package {PackageName}), plus Microsoft.ML.OnnxRuntime for ONNX Runtime's native library. " +
            "Or save with ml.Model.SaveBackprop(model, inputSchema, path) and load with ml.Model.LoadBackprop(path, out inputSchema) (namespace MLNet.Backprop), " +
            "which keep the training history and diagnosis. Nothing of the BackpropTransformer was written; ML.NET's Model.Save(model, schema, path) " +
            "creates its file before it asks any transformer to save, so delete the incomplete file it leaves.");
        provider.Save(transformer, ctx);
    }
}
