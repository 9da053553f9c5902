using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>The rule of which slots a periodic input embeds: more than two distinct finite values on the training rows.</summary>
public class PeriodicFeaturesTests
{
    private static int[] Embedded(float[][] rows) =>
        PeriodicFeatures.EmbeddedSlots(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);

    [Fact]
    public void EmbeddedSlots_AllIndicators_None()
    {
        // A one-hot column's slots and a 0/1 column.
        float[][] rows = [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 0]];

        Embedded(rows).ShouldBeEmpty();
    }

    [Fact]
    public void EmbeddedSlots_AllNumeric_Every()
    {
        float[][] rows = [[0.5f, -1, 3], [1.5f, 2, 3.5f], [2.5f, 0, 4]];

        Embedded(rows).ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void EmbeddedSlots_Mixed_OnlyThoseWithMoreThanTwoValues()
    {
        // Slot 0 numeric, slot 1 binary with other codes than 0/1, slot 2 constant, slot 3 two finite values and NaN/∞ (not
        // counted), slot 4 three values only on the last row, slot 5 three values with a NaN between them.
        float[][] rows =
        [
            [0.1f, 3, 7, 1, 0, 1],
            [0.2f, 7, 7, float.NaN, 0, float.NaN],
            [0.3f, 3, 7, float.PositiveInfinity, 1, 2],
            [0.1f, 7, 7, 2, 0, 3],
            [0.2f, 3, 7, 1, 2, 1],
        ];

        Embedded(rows).ShouldBe([0, 4, 5]);
    }

    [Fact]
    public void EmbeddedSlots_ConstantColumn_PassesThrough()
    {
        float[][] rows = [[1, 5], [2, 5], [3, 5]];

        Embedded(rows).ShouldBe([0]);
    }

    [Fact]
    public void Settings_Mask_RowsAndPassThroughFollow()
    {
        var settings = new PeriodicFeatures(5, frequencies: 4, width: 8, scale: 0.1f, embedded: [1, 3]);

        settings.PassThrough.ShouldBe([0, 2, 4]);
        settings.Rows.ShouldBe(2 * 8 + 3);
        settings.OwnValues.ShouldBe(2L * (4 + 2 * 4 * 8 + 8));
        settings.Offsets.Length.ShouldBe(2);
        settings.Problem().ShouldBeNull();
        new PeriodicFeatures(5, 4, 8, 0.1f).Embedded.ShouldBe([0, 1, 2, 3, 4]); // format 7: every slot
    }

    [Fact]
    public void WithMap_Mask_KeepsTheEmbeddedSlotsMap()
    {
        var settings = new PeriodicFeatures(3, 4, 8, 0.1f, embedded: [0, 2]).WithMap([1f, 2f, 3f], [4f, 5f, 6f]);

        settings.Offsets.ShouldBe([1f, 3f]);
        settings.InverseScales.ShouldBe([4f, 6f]);
        settings.Embedded.ShouldBe([0, 2]);
    }
}
