using MLNet.Backprop.Distributed.Workers;
using Orleans.Configuration;

namespace MLNet.Backprop.Distributed;

/// <summary>Configures an Orleans silo for distributed Backprop training.</summary>
public static class BackpropSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo host a training worker (named after the silo: give every silo a distinct
    /// <c>SiloOptions.SiloName</c>) and place workers when it coordinates. Call it on every silo of the cluster, the
    /// coordinator's included.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="maxMessageBytes">Largest message accepted: the weights and gradients of one step travel as one message
    /// each (4 bytes per parameter and tree node). Default 512 MiB; at least 1 MiB (1,048,576). Orleans' own default is
    /// 100 MiB.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageBytes"/> is less than 1 MiB.</exception>
    public static ISiloBuilder AddBackpropTraining(this ISiloBuilder silo, int maxMessageBytes = 512 << 20)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1 << 20);
        silo.AddPlacementDirector<SiloNamePlacement, SiloNamePlacementDirector>();
        silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = maxMessageBytes);
        return silo;
    }
}
