using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MLNet.Backprop.Distributed.Workers;

/// <summary>
/// Places a grain on the active silo whose name (<c>SiloOptions.SiloName</c>) is the grain's key, or fails: one worker
/// per silo, addressed by a name that survives restarts (addresses do not). Orleans' role-based placement cannot do
/// this: a silo's role is its entry assembly's name, the same for every silo of one program.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("MLNet.Backprop.Distributed.SiloNamePlacement")]
internal sealed class SiloNamePlacement : PlacementStrategy
{
    public static SiloNamePlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloNamePlacementAttribute() : PlacementAttribute(SiloNamePlacement.Instance);

/// <summary>Picks the active, compatible silo named by the grain key; a silo that just joined may be missing from this
/// silo's view, so the view is refreshed once before giving up.</summary>
internal sealed class SiloNamePlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string name = target.GrainIdentity.Key.ToString()!;
        var compatible = context.GetCompatibleSilos(target);
        for (int attempt = 0; ; attempt++)
        {
            foreach (var member in membership.CurrentSnapshot.Members.Values)
                if (member.Status == SiloStatus.Active && member.Name == name && Array.IndexOf(compatible, member.SiloAddress) >= 0)
                    return member.SiloAddress;
            if (attempt == 1) throw new OrleansException($"No active silo is named '{name}': the training worker of that name cannot be placed.");
            await membership.Refresh();
        }
    }
}
