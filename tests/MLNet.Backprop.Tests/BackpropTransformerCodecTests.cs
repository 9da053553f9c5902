using Microsoft.ML;
using MLNet.Backprop.Tests.Integration.Scoring;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>
/// The BackpropTransformer's segment of a SaveBackprop file read back: the codec rebuilds the transformer and leaves the
/// binding to the schema before it to the container reader, which binds every loaded segment right after; LoadBackprop of
/// a model that stored its slot names reads the data's names once, not twice.
/// </summary>
public class BackpropTransformerCodecTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [Fact]
    public void Load_ModelWithSlotNames_ReadsNoNamesAndBindsOnceWhenTheReaderDoes()
    {
        var saved = new MemoryStream();
        BackpropTransformerCodec.Instance.Save(ScoringBindingTests.Model, saved);
        saved.Position = 0;
        var data = new CountedSlotNames(ScoringBindingTests.Names);

        var loaded = BackpropTransformerCodec.Instance.Load(Ml.Model, saved, data.Schema);

        data.Reads.ShouldBe(0);
        ((BackpropTransformer)loaded).Model.SlotNames.ShouldBe(ScoringBindingTests.Names);
        loaded.GetOutputSchema(data.Schema); // what ContainerReader does with every segment it loads
        data.Reads.ShouldBe(1);
    }
}
