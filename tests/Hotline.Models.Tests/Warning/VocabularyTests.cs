using Hotline.Models.Warning.Alerts;
using Hotline.Models.Warning.Detectors;

namespace Hotline.Models.Tests.Warning;

/// <summary>Alert states, changes and detector names as the alerts tables and the API carry them.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Warning_codes_are_the_stored_strings()
    {
        Assert.Equal(["firing", "resolved", "silenced"], Codes.All<AlertStatus>().Select(x => x.Code()));
        Assert.Equal(
            ["opened", "updated", "escalated", "resolved", "unsilenced", "repeat", "acknowledged", "silenced"],
            Codes.All<AlertChangeKind>().Select(x => x.Code()));
        Assert.Equal(
            ["window-count", "text-burst", "named-site", "space-time-scan", "ears-c2", "cusum", "routing-watchdog"],
            Codes.All<DetectorName>().Select(x => x.Code()));
    }
}
