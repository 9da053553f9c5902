namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Two models trained alike: the same input parts with the same learned statistics (embedded slots, bin edges,
/// robust map) and every network's parameters and the label map equal bit for bit.</summary>
internal static class SameModel
{
    public static void ShouldBeTheSameModel(BackpropModel actual, BackpropModel expected)
    {
        actual.Networks.Count.ShouldBe(expected.Networks.Count);
        for (int n = 0; n < expected.Networks.Count; n++)
        {
            var (parts, expectedParts) = (actual.Networks[n].Input.Describe(), expected.Networks[n].Input.Describe());
            parts.Select(d => d.Kind).ShouldBe(expectedParts.Select(d => d.Kind));
            for (int i = 0; i < parts.Count; i++)
            {
                parts[i].PeriodicSettings?.Embedded.ShouldBe(expectedParts[i].PeriodicSettings!.Embedded);
                (parts[i].Bins is null).ShouldBe(expectedParts[i].Bins is null);
                for (int f = 0; f < (parts[i].Bins?.Features ?? 0); f++)
                    parts[i].Bins!.Edges(f).ToArray().ShouldBe(expectedParts[i].Bins!.Edges(f).ToArray());
                parts[i].Clip?.Centers.ToArray().ShouldBe(expectedParts[i].Clip!.Centers.ToArray());
                parts[i].Clip?.InverseScales.ToArray().ShouldBe(expectedParts[i].Clip!.InverseScales.ToArray());
                (parts[i].Clip is null).ShouldBe(expectedParts[i].Clip is null);
            }
            var (a, e) = (actual.Networks[n].Parameters, expected.Networks[n].Parameters);
            a.Select(p => p.Name).ShouldBe(e.Select(p => p.Name));
            for (int p = 0; p < e.Count; p++) a[p].Values.ToArray().ShouldBe(e[p].Values.ToArray(), $"network {n}, {e[p].Name}"); // bit for bit
        }
        (actual.TargetOffset, actual.TargetScale).ShouldBe((expected.TargetOffset, expected.TargetScale));
    }
}
