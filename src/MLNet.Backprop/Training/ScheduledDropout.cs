namespace MLNet.Backprop.Training;

/// <summary>The factor on the dropout rate of each epoch (<see cref="DropoutScheduleKind"/>).</summary>
internal static class ScheduledDropout
{
    /// <summary>1 for <see cref="DropoutScheduleKind.Constant"/> (the rate unchanged, to the bit); the flat-cosine factor
    /// at the 0-based <paramref name="epoch"/>'s midpoint otherwise, 0 from <paramref name="totalEpochs"/> on.</summary>
    public static float Factor(DropoutScheduleKind kind, int epoch, int totalEpochs)
    {
        if (kind == DropoutScheduleKind.Constant) return 1f;
        if (epoch >= totalEpochs) return 0f;
        double t = (epoch + 0.5) / totalEpochs;
        return (float)(0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(2 * t - 1, 0, 1))));
    }
}
