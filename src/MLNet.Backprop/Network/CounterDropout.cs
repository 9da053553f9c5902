using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// Where the dropout masks of one micro-batch come from in the micro-batch mode: the mask of unit u of the row at
/// position p of training step s is draw p·units + u of the key (seed, dropout, s, layer). It depends on the step and
/// the row's position in it, not on which thread or machine computes the micro-batch.
/// </summary>
/// <param name="Seed">The training seed.</param>
/// <param name="Step">The global step number (0-based, counted over all epochs).</param>
/// <param name="FirstPosition">Position in the step of the micro-batch's first row.</param>
internal sealed record CounterDropout(ulong Seed, long Step, int FirstPosition)
{
    /// <summary>The key of layer <paramref name="layer"/>'s masks in this step.</summary>
    public ulong Key(int layer) => CounterRandom.Key(Seed, CounterRandom.DropoutPurpose, (ulong)Step, (ulong)layer);

    /// <summary>The counter of the micro-batch's first mask value in a layer of <paramref name="units"/> units.</summary>
    public ulong FirstCounter(int units) => (ulong)FirstPosition * (ulong)units;
}
