using System.Reflection;
using NetArchTest.Rules;

namespace MLNet.Backprop.Tests.Architecture;

/// <summary>
/// The library's layers depend in one direction only: Files → Numerics → Network → Training → Diagnostics → Calibration →
/// Integration → the ML.NET face (BackpropTrainer, BackpropTransformer, the catalog). The public vocabulary (the option
/// enums, findings, the diagnosis and its thresholds, the defaults table) sits in the root namespace with the face, so
/// that users need one <c>using</c>, and depends on nothing: every layer may use it. A dependency against that direction fails here, naming
/// the types.
/// <para>Files (writing a file whole or not at all, checking a target or a folder before the work) is the lowest layer
/// because it is plain System.IO that knows nothing of the model, and because every layer that writes a file needs it:
/// Training (the history's CSV and JSON files) as much as Integration (model files) and the packages above (ONNX
/// exports, reports, shard sets). Below Numerics rather than inside it: Numerics is the arithmetic.</para>
/// </summary>
public class LayeringTests
{
    private static readonly Assembly Library = typeof(BackpropTrainer).Assembly;

    private static readonly string[] Vocabulary = ["Defaults", "Finding", "TrainingDiagnosis", "DiagnosisThresholds"];

    // Lowest first; each layer is a namespace and its sub-namespaces.
    private static readonly string[] Layers =
        ["MLNet.Backprop.Files", "MLNet.Backprop.Numerics", "MLNet.Backprop.Network", "MLNet.Backprop.Training", "MLNet.Backprop.Diagnostics",
         "MLNet.Backprop.Calibration", "MLNet.Backprop.Integration"];

    public static TheoryData<int> LayerIndices() => new(Enumerable.Range(0, Layers.Length));

    [Theory]
    [MemberData(nameof(LayerIndices))]
    public void Layer_AnyType_DependsOnNoHigherLayerNorTheFace(int layer)
    {
        string[] forbidden = [.. Layers.Skip(layer + 1), .. FaceTypes()];
        // Files and Numerics know nothing of the model at all, not even its vocabulary.
        if (layer <= Array.IndexOf(Layers, "MLNet.Backprop.Numerics")) forbidden = [.. forbidden, .. VocabularyTypes()];

        var result = Types.InAssembly(Library).That().ResideInNamespaceMatching(Matching(Layers[layer]))
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        result.IsSuccessful.ShouldBeTrue($"{Layers[layer]} depends on a higher layer: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Vocabulary_AnyType_DependsOnNothingElseOfTheLibrary()
    {
        var result = Types.InAssembly(Library).That().ResideInNamespaceMatching(@"^MLNet\.Backprop$").And().AreNotNested()
            .ShouldNot().HaveDependencyOnAny([.. Layers, .. FaceTypes()]).GetResult();
        var failing = (result.FailingTypeNames ?? []).Where(name => IsVocabulary(name.Split('.')[^1])).ToArray();

        failing.ShouldBeEmpty();
    }

    [Fact]
    public void Layers_EveryTypeOfTheLibrary_BelongsToALayerOrTheRoot()
    {
        var homeless = Library.GetTypes().Where(t => t.Namespace is { } ns && ns.StartsWith("MLNet.Backprop", StringComparison.Ordinal)
            && ns != "MLNet.Backprop" && !Layers.Any(l => ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal)));
        homeless.Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Rules_ADependencyAgainstTheDirection_IsDetected()
    {
        // The check itself must be able to fail: Training really does depend on Network.
        Types.InAssembly(Library).That().ResideInNamespaceMatching(Matching("MLNet.Backprop.Training"))
            .ShouldNot().HaveDependencyOnAny("MLNet.Backprop.Network").GetResult().IsSuccessful.ShouldBeFalse();
    }

    private static string Matching(string layer) => "^" + layer.Replace(".", @"\.") + @"(\..+)?$";

    private static bool IsVocabulary(string name) => Vocabulary.Contains(name) || Library.GetType("MLNet.Backprop." + name)?.IsEnum == true;

    private static IEnumerable<string> RootTypes() =>
        Library.GetTypes().Where(t => t.Namespace == "MLNet.Backprop" && !t.IsNested && !t.Name.StartsWith('<')).Select(t => t.Name);

    private static string[] FaceTypes() => RootTypes().Where(n => !IsVocabulary(n)).Select(n => "MLNet.Backprop." + n).ToArray();

    private static string[] VocabularyTypes() => RootTypes().Where(IsVocabulary).Select(n => "MLNet.Backprop." + n).ToArray();
}
