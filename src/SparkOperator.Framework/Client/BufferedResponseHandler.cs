namespace SparkOperator.Framework.Client;

/// <summary>
/// Reads a response body into memory asynchronously before KubernetesClient sees it. The client
/// deserializes every response with a synchronous <c>Deserialize(Stream)</c> on the network
/// stream: a thread-pool thread blocks for each body still in flight, and under load (a profile
/// of the operator at 1,000 submissions a minute showed its workers parked in
/// <c>Http2Stream.WaitForData</c>) the pool starves, so watch events and reconciles wait too.
/// Watches and log follows stream for minutes and pass through untouched, and so do paged LISTs
/// (<c>limit=</c>): their pages are megabytes, buffering each would churn the large object heap,
/// and they run only at start-up and after a watch expired.
/// </summary>
public sealed class BufferedResponseHandler : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsStreaming(request.RequestUri))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>True for requests whose response is read as a stream: watches and follows (they do not end) and paged LISTs.</summary>
    public static bool IsStreaming(Uri? uri)
    {
        var query = uri?.Query;
        if (string.IsNullOrEmpty(query))
        {
            return false;
        }

        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part is "watch=true" or "watch=1" or "follow=true" or "follow=1" || part.StartsWith("limit=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
