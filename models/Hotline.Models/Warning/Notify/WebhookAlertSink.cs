using System.Net.Http.Json;

namespace Hotline.Models.Warning.Notify;

/// <summary>
/// HTTP webhook (Alertmanager-style receiver): POSTs the alert document; on a network error or a 5xx/429 it retries
/// with exponential backoff (0.5 s, 1 s, 2 s, 4 s, 8 s), then reports the failure (the alert stays in the alerts
/// table and is re-sent at the next repeat interval).
/// </summary>
public sealed class WebhookAlertSink(Uri url, Action<string>? log = null, HttpClient? http = null) : IAlertSink
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
    public int Delivered;
    public int Failed;

    public void Deliver(AlertChange change)
    {
        var delay = FirstBackoff;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var res = _http.PostAsJsonAsync(url, AlertCard.Document(change.Alert, change.Change))
                    .GetAwaiter().GetResult();
                if (res.IsSuccessStatusCode) { Interlocked.Increment(ref Delivered); return; }
                if ((int)res.StatusCode < 500 && (int)res.StatusCode != 429)
                {
                    log?.Invoke($"webhook rejected alert {change.Alert.Id}: HTTP {(int)res.StatusCode} (not retried)");
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (attempt == MaxAttempts) log?.Invoke("webhook unreachable "
                    + $"for alert {change.Alert.Id}: {ex.Message}");
            }
            if (attempt < MaxAttempts) Thread.Sleep(delay);
            delay *= 2;
        }
        Interlocked.Increment(ref Failed);
    }

    public void Dispose() { }
}
