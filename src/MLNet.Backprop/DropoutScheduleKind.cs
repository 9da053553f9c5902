namespace MLNet.Backprop;

/// <summary>How the dropout rate changes over the training (<see cref="BackpropTrainer.Options.DropoutSchedule"/>).</summary>
public enum DropoutScheduleKind
{
    /// <summary>The same rate, <see cref="BackpropTrainer.Options.Dropout"/>, every epoch. The default.</summary>
    Constant = 0,

    /// <summary>RealMLP's "flat_cos" (Holzmüller et al. 2024): the full rate for the first half of the epochs, then half a
    /// cosine down to 0: <c>p·½(1 + cos(π·clamp(2t − 1, 0, 1)))</c> with t = (epoch + ½) / epochs, the epoch's midpoint.</summary>
    FlatCosine = 1,
}
