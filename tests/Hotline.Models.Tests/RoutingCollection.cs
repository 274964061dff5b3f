namespace Hotline.Models.Tests;

/// <summary>
/// Tests that share one trained routing warehouse (training is the slow part, so it happens once per project).
/// </summary>
[CollectionDefinition("routing")]
public sealed class RoutingCollection : ICollectionFixture<RoutingWarehouse>;
