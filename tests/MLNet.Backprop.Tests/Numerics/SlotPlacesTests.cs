using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class SlotPlacesTests
{
    // Each block's slots in order of first appearance, each entry its slot's place (complemented at the first entry
    // naming it), as a dictionary gives them.
    private static void ShouldMatchADictionary(SlotPlaces places, int[] indices)
    {
        var touched = new int[indices.Length];
        var entryPlace = new int[indices.Length];
        int count = places.List(indices, touched, entryPlace);
        var expected = new Dictionary<int, int>();
        for (int k = 0; k < indices.Length; k++)
        {
            bool first = expected.TryAdd(indices[k], expected.Count);
            entryPlace[k].ShouldBe(first ? ~expected[indices[k]] : expected[indices[k]], $"entry {k}");
        }
        count.ShouldBe(expected.Count);
        touched[..count].ShouldBe(expected.OrderBy(e => e.Value).Select(e => e.Key).ToArray());
    }

    [Fact]
    public void List_BlocksOfGrowingSize_SameAsADictionaryAndTheLastBlockForgotten()
    {
        // One table for every block: a small one, one that makes it grow (20,000 distinct slots of 2²⁰, runs of
        // neighbouring slots as one-hot data gives them, repeats), then a small one again.
        var places = new SlotPlaces();
        var random = new Random(3);
        ShouldMatchADictionary(places, [5, 9, 5, 0, 1 << 20, 9]);
        ShouldMatchADictionary(places, [.. Enumerable.Range(0, 30_000).Select(k => k % 3 == 0 ? 1000 + k / 3 : random.Next(1 << 20))]);
        ShouldMatchADictionary(places, [7, 5, 7]);
        ShouldMatchADictionary(places, []);
    }

    [Fact]
    public void List_TouchedTooShort_Throws()
    {
        Should.Throw<ArgumentException>(() => new SlotPlaces().List([1, 2, 3], new int[2], new int[3])).ParamName.ShouldBe("touched");
        Should.Throw<ArgumentException>(() => new SlotPlaces().List([1, 2, 3], new int[3], new int[2])).ParamName.ShouldBe("entryPlace");
    }
}
