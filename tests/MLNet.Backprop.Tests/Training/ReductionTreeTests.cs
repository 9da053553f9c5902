using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class ReductionTreeTests
{
    [Theory]
    [InlineData(8, 0, 8)]
    [InlineData(8, 0, 3)]
    [InlineData(8, 3, 6)]
    [InlineData(13, 5, 13)]
    [InlineData(1, 0, 1)]
    public void Cover_AnyBlock_TilesItWithTreeNodes(int count, int a, int b)
    {
        var nodes = ReductionTree.Cover(a, b, count);
        nodes.SelectMany(n => Enumerable.Range(n.Lo, n.Hi - n.Lo)).ShouldBe(Enumerable.Range(a, b - a));
        nodes.Count.ShouldBeLessThanOrEqualTo(2 * (int)Math.Ceiling(Math.Log2(count + 1)));
    }

    [Fact]
    public void Reduce_AnySplitIntoBlocks_SameBitsAsOneBlock()
    {
        // Sums that round differently in every association: only the tree's order gives the reference bits.
        const int count = 11;
        var random = new Random(5);
        var leaves = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 6)))).ToArray();
        float whole = Reduce(leaves, [(0, count)]);
        for (int trial = 0; trial < 200; trial++)
        {
            var cuts = Enumerable.Range(1, count - 1).Where(_ => random.Next(3) == 0).Prepend(0).Append(count).ToArray();
            var blocks = cuts.Zip(cuts.Skip(1)).Select(p => (p.First, p.Second)).ToArray();
            BitConverter.SingleToInt32Bits(Reduce(leaves, blocks)).ShouldBe(BitConverter.SingleToInt32Bits(whole), string.Join(",", blocks));
        }
        float leftFold = leaves.Aggregate((x, y) => x + y);
        leftFold.ShouldBe(whole, Math.Abs(whole) * 1e-5f); // the same sum, rounded along another path
    }

    private static float Reduce(float[] leaves, (int Lo, int Hi)[] blocks)
    {
        // Each block is reduced on its own (a worker), then the nodes are completed (the coordinator).
        var known = new Dictionary<(int Lo, int Hi), float>();
        foreach (var (lo, hi) in blocks)
        {
            var own = Enumerable.Range(lo, hi - lo).ToDictionary(j => (j, j + 1), j => leaves[j]);
            foreach (var node in ReductionTree.Cover(lo, hi, leaves.Length)) known[node] = ReductionTree.Reduce(node.Lo, node.Hi, own, (x, y) => x + y);
        }
        return ReductionTree.Reduce(0, leaves.Length, known, (x, y) => x + y);
    }
}
