using System.Reflection;
using Microsoft.ML;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>A loading application that lacks a package a saved step needs is told which package to add.</summary>
public class MissingPackageTests
{
    private static Exception AsMlNetThrowsIt(string assemblyDisplayName) =>
        new TargetInvocationException(new TargetInvocationException(new FileNotFoundException(
            $"Could not load file or assembly '{assemblyDisplayName}'. The system cannot find the file specified.", assemblyDisplayName)));

    [Fact]
    public void Explain_MissingMlNetAssembly_NamesItsPackageAndVersion()
    {
        string? message = MissingPackage.Explain(AsMlNetThrowsIt("Microsoft.ML.FastTree, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), "model/1");

        message.ShouldNotBeNull();
        message.ShouldContain("'Microsoft.ML.FastTree'");
        message.ShouldContain("<PackageReference Include=\"Microsoft.ML.FastTree\" Version=\"5.0.1\" />");
        message.ShouldContain("model/1");
    }

    [Fact]
    public void Explain_AssemblyOfTheMlNetPackage_NamesMicrosoftMl()
    {
        MissingPackage.Explain(AsMlNetThrowsIt("Microsoft.ML.StandardTrainers, Version=1.0.0.0"), "e")
            .ShouldNotBeNull().ShouldContain("<PackageReference Include=\"Microsoft.ML\" Version=\"5.0.1\" />");
    }

    [Fact]
    public void Explain_MissingNativeOnnxRuntime_NamesTheRuntimePackage()
    {
        var error = new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies."));

        MissingPackage.Explain(error, "e").ShouldNotBeNull().ShouldContain("Microsoft.ML.OnnxRuntime\" Version=\"1.31.1\"");
    }

    [Fact]
    public void Explain_OtherErrors_AreNotMistakenForAMissingPackage()
    {
        MissingPackage.Explain(new FileNotFoundException("Could not find file '/tmp/model.zip'.", "/tmp/model.zip"), "e").ShouldBeNull();
        MissingPackage.Explain(new InvalidOperationException("Repository doesn't contain entry Model.key"), "e").ShouldBeNull();
    }

    [Fact]
    public void LoadBackprop_AnMlNetSaveFile_SaysHowThatFormatIsLoaded()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 100, 1);
        var plain = ml.Transforms.NormalizeMinMax("Features").Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(plain, data.Schema, stream);
        stream.Position = 0;

        var error = Should.Throw<InvalidDataException>(() => ml.Model.LoadBackprop(stream, out _));

        error.Message.ShouldContain("MLContext.Model.Load");
        error.Message.ShouldContain("Microsoft.ML.OnnxTransformer and Microsoft.ML.OnnxRuntime");
    }
}
