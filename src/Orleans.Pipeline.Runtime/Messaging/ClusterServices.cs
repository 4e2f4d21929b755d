using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>What a silo has when it is part of a cluster: the membership view, directory, placement and messaging.</summary>
internal sealed record ClusterServices(IClusterView View, IGrainDirectory Directory, PlacementService Placement, MessageCenter Messages);
