using Hotline.Jobs.Scheduling;

namespace Hotline.Jobs.Tests.Periods;

/// <summary>Job states, triggers and reader roles as job_runs, api_keys and the API carry them.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Job_and_role_codes_are_the_stored_strings()
    {
        Assert.Equal(["running", "succeeded", "failed"], Codes.All<JobStatus>().Select(x => x.Code()));
        Assert.Equal(["schedule", "catch-up", "manual"], Codes.All<JobTrigger>().Select(x => x.Code()));
        Assert.Equal(["centre", "unit", "emergency-office", "public", "intake", "dispatcher", "supervisor", "policy"],
            Codes.All<RoleKind>().Select(x => x.Code()));
        Assert.Equal("unit:C-ZJ", AccessRole.Parse("unit:C-ZJ").ToString());
        Assert.Equal(RoleKind.EmergencyOffice, AccessRole.FromStored("emergency-office").Kind);
    }
}
