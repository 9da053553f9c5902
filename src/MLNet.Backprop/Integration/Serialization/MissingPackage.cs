using System.Reflection;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// Turns ML.NET's exception for a model step whose assembly (or native library) the loading application lacks into a
/// message naming the NuGet package to add. ML.NET loads each saved step's assembly by name and reports a missing one
/// as a <see cref="FileNotFoundException"/> wrapped in reflection exceptions, which names no package.
/// </summary>
internal static class MissingPackage
{
    /// <summary>The ML.NET version this library is built against: the version to add of ML.NET's packages.</summary>
    private const string MlNetVersion = "5.0.1";

    /// <summary>Assemblies of the Microsoft.ML package itself (the others are each in the package of their name).</summary>
    private static readonly HashSet<string> InMicrosoftMl = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.ML.Core", "Microsoft.ML.Data", "Microsoft.ML.Transforms", "Microsoft.ML.StandardTrainers", "Microsoft.ML.KMeansClustering",
        "Microsoft.ML.PCA", "Microsoft.ML.CpuMath", "Microsoft.ML.Maml", "Microsoft.ML.Parquet", "Microsoft.ML.Vision",
    };

    /// <summary>The message for a missing assembly or native library in <paramref name="error"/>'s chain, or null.</summary>
    /// <param name="error">What loading a step threw.</param>
    /// <param name="entry">The container entry being loaded.</param>
    public static string? Explain(Exception error, string entry)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is FileNotFoundException { FileName: { Length: > 0 } file } && e.Message.StartsWith("Could not load file or assembly", StringComparison.Ordinal))
            {
                string assembly = Name(file);
                string package = InMicrosoftMl.Contains(assembly) ? "Microsoft.ML" : assembly;
                string version = package.StartsWith("Microsoft.ML", StringComparison.Ordinal) ? $" Version=\"{MlNetVersion}\"" : "";
                return $"The model needs the assembly '{assembly}', which this application does not reference (model entry '{entry}'): " +
                    $"add its package, <PackageReference Include=\"{package}\"{version} />, and load again.";
            }
            if (e is DllNotFoundException && e.Message.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase))
                return $"The model needs ONNX Runtime's native library, which this application does not reference (model entry '{entry}'): " +
                    "add <PackageReference Include=\"Microsoft.ML.OnnxRuntime\" Version=\"1.31.1\" /> and load again.";
        }
        return null;
    }

    private static string Name(string displayName)
    {
        try
        {
            return new AssemblyName(displayName).Name ?? displayName;
        }
        catch (Exception e) when (e is ArgumentException or FileLoadException)
        {
            return displayName;
        }
    }
}

/// <summary>A sound model file whose steps need an assembly the loading application does not reference; the message
/// names the package to add. Thrown by <c>LoadBackprop</c> as <see cref="InvalidOperationException"/>.</summary>
internal sealed class MissingModelDependencyException(string message, Exception inner) : InvalidOperationException(message, inner);
