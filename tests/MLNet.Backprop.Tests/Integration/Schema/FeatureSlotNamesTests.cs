using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Tests.Integration.Schema;

/// <summary>A model stores its training slot names whenever there are some, however many (no cap: a FeaturizeText vector's
/// hundreds of thousands too).</summary>
public class FeatureSlotNamesTests
{
    [Fact]
    public void Stored_MoreThanTheFormer65536Cap_TheNames()
    {
        var names = Enumerable.Range(0, 200_000).Select(i => $"s{i}").ToArray();

        FeatureSlotNames.Stored(names).ShouldBeSameAs(names);
    }

    [Fact]
    public void Stored_None_Null()
    {
        FeatureSlotNames.Stored([]).ShouldBeNull();
        FeatureSlotNames.Stored(null).ShouldBeNull();
    }
}
