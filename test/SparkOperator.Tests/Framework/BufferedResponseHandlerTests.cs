using SparkOperator.Framework.Client;

namespace SparkOperator.Tests.Framework;

public class BufferedResponseHandlerTests
{
    [TestCase("https://api/api/v1/pods?watch=true&resourceVersion=5", true)]
    [TestCase("https://api/api/v1/namespaces/a/pods?allowWatchBookmarks=true&labelSelector=x&watch=1", true)]
    [TestCase("https://api/api/v1/namespaces/a/pods/p/log?container=c&follow=true", true)]
    [TestCase("https://api/api/v1/namespaces/a/pods?labelSelector=a%3Db&limit=500", true)]
    [TestCase("https://api/api/v1/namespaces/a/pods?labelSelector=a%3Db", false)]
    [TestCase("https://api/api/v1/namespaces/a/pods/p", false)]
    [TestCase("https://api/apis/batch/v1/namespaces/a/jobs?fieldManager=spark-operator", false)]
    [TestCase("https://api/api/v1/namespaces/a/configmaps?labelSelector=watch%3Dtrue", false)]
    public void Watches_follows_and_paged_lists_stream(string uri, bool streaming) =>
        Assert.That(BufferedResponseHandler.IsStreaming(new Uri(uri)), Is.EqualTo(streaming));

    [Test]
    public async Task A_body_is_in_memory_when_the_caller_gets_the_response()
    {
        using var inner = new SlowBody();
        using var handler = new BufferedResponseHandler { InnerHandler = inner };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(new Uri("https://api/api/v1/pods"), HttpCompletionOption.ResponseHeadersRead);

        Assert.That(inner.Content!.Buffered, Is.True, "the handler read the body before returning");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"items\":[]}"));
    }

    [Test]
    public async Task A_watch_body_is_left_streaming()
    {
        using var inner = new SlowBody();
        using var handler = new BufferedResponseHandler { InnerHandler = inner };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(new Uri("https://api/api/v1/pods?watch=true"), HttpCompletionOption.ResponseHeadersRead);

        Assert.That(inner.Content!.Buffered, Is.False);
    }

    private sealed class SlowBody : HttpMessageHandler
    {
        public TrackingContent? Content { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = new TrackingContent();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = Content });
        }
    }

    private sealed class TrackingContent : HttpContent
    {
        public bool Buffered { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await Task.Yield();
            Buffered = true;
            await stream.WriteAsync("{\"items\":[]}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
