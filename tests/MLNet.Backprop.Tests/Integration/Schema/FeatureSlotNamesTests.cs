using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Tests.Integration.Schema;

/// <summary>A model stores its training slot names only when there are some and at most 65,536 of them.</summary>
public class FeatureSlotNamesTests
{
    [Fact]
    public void Stored_AtMostTheCap_TheNames()
    {
        var names = Enumerable.Range(0, FeatureSlotNames.MaxStored).Select(i => $"s{i}").ToArray();

        FeatureSlotNames.Stored(names).ShouldBeSameAs(names);
    }

    [Fact]
    public void Stored_MoreThanTheCapOrNone_Null()
    {
        FeatureSlotNames.Stored(Enumerable.Range(0, FeatureSlotNames.MaxStored + 1).Select(i => $"s{i}").ToArray()).ShouldBeNull();
        FeatureSlotNames.Stored([]).ShouldBeNull();
        FeatureSlotNames.Stored(null).ShouldBeNull();
    }
}
