namespace Hotline.Integration.Tests;

/// <summary>
/// Tests that share one trained routing warehouse (training is the slow part, so it happens once per project). They
/// run after the other collections, alone: the soak samples the process's memory, which tests running beside it
/// would disturb.
/// </summary>
[CollectionDefinition("routing", DisableParallelization = true)]
public sealed class RoutingCollection : ICollectionFixture<RoutingWarehouse>;
