namespace MLNet.Backprop.Diagnostics;

/// <summary>A streamed file whose shuffle blocks are far from random samples of its rows (<see cref="FindingKind.OrderedStream"/>):
/// sorted by the label, or grouped by something the label follows. Streaming shuffles only within a block
/// (<c>StreamingBlockSize</c> rows), so each stretch of an epoch then trains on one part of the label's range and the
/// network drifts from block to block. Found before training from the counting pass (<see cref="BlockLabelTally"/>).</summary>
internal static class StreamOrderCheck
{
    /// <summary>The one-sided normal score of the blocks' χ² (Wilson–Hilferty) beyond which the order is not random: 5,
    /// a false alarm about once in 3.5 million files in random order (the score is about standard normal there).</summary>
    public const double Significance = 5;

    /// <summary>How many times the spread of random blocks the blocks' labels must spread (χ² ÷ df) to be named: 4, the
    /// blocks' class shares or means twice as far from the whole file's as random blocks' are. Significance alone would
    /// name the slightest drift of a file of millions of rows, which the shuffle within blocks of thousands makes harmless.</summary>
    public const double SpreadRatio = 4;

    /// <summary>The normal score of <paramref name="chiSquare"/> on <paramref name="degreesOfFreedom"/> degrees of freedom
    /// (Wilson–Hilferty: the cube root of χ²/df is nearly normal with mean 1 − 2/(9 df), variance 2/(9 df)).</summary>
    public static double Score(double chiSquare, int degreesOfFreedom)
    {
        double v = 2.0 / (9.0 * degreesOfFreedom);
        return (Math.Cbrt(chiSquare / degreesOfFreedom) - (1 - v)) / Math.Sqrt(v);
    }

    /// <summary>Whether a χ² on <paramref name="degreesOfFreedom"/> names the order: beyond both <see cref="Significance"/>
    /// and <see cref="SpreadRatio"/>.</summary>
    public static bool IsOrdered(double chiSquare, int degreesOfFreedom) =>
        degreesOfFreedom > 0 && chiSquare / degreesOfFreedom > SpreadRatio && Score(chiSquare, degreesOfFreedom) > Significance;

    /// <summary>A ratio or χ² as a reader takes it in: whole and grouped from 100 on (1,110, not 1.11E+03), else 3 digits.</summary>
    private static string Readable(double value) =>
        value >= 100 ? value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The finding for the counted blocks, or null when they could be random samples of the rows (or there is
    /// one block).</summary>
    /// <param name="tally">The counting pass's blocks.</param>
    /// <param name="widestBlock">The most rows a block may hold within <c>StreamingBatchSource.MaxBlockBytes</c>, capped by
    /// the rows: the block size to advise.</param>
    /// <param name="column">The label column.</param>
    public static Finding? Check(BlockLabelTally tally, long widestBlock, string column)
    {
        if (tally.Statistic() is not var (chi, df) || !IsOrdered(chi, df)) return null;
        long blocks = (tally.Rows + tally.BlockRows - 1) / tally.BlockRows;
        string what = tally.Classification ? "class shares" : "label means";
        string raise = widestBlock > tally.BlockRows
            ? widestBlock >= tally.Rows
                ? $"set StreamingBlockSize = {widestBlock} (every row in one block, within the 64 MB the block may hold), or "
                : $"raise StreamingBlockSize to {widestBlock} (the rows that fit the 64 MB a block may hold; fewer, wider blocks are closer to samples), and "
            : "";
        return new Finding
        {
            Kind = FindingKind.OrderedStream,
            Severity = FindingSeverity.Warning,
            Column = column,
            Message = $"the streamed rows are ordered: the {what} of label column '{column}' in the {blocks} blocks of {tally.BlockRows} rows that " +
                $"streaming shuffles within differ {Readable(chi / df)} times as much as random blocks' would (χ² {Readable(chi)} on {df} degrees of freedom). " +
                "The file is sorted or grouped by the label or by something it follows, so each stretch of an epoch trains on one part of the " +
                "labels and the network drifts from block to block",
            Advice = raise + "shuffle the file's rows once before streaming it (or train with DataLoading = InMemory if the rows fit)",
            Evidence = DiagnosisMath.Evidence(("ChiSquare", chi), ("DegreesOfFreedom", df), ("SpreadRatio", chi / df), ("Blocks", blocks),
                ("BlockRows", tally.BlockRows), ("SuggestedBlockRows", widestBlock)),
        };
    }
}
