using Hotline.Models.Warning.Store;

namespace Hotline.Models.Warning.Notify;

/// <summary>Somewhere an alert change is delivered (the alerts table is written by <see cref="AlertStore"/>).</summary>
public interface IAlertSink : IDisposable
{
    void Deliver(AlertChange change);
}
