using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// A local host of its own for the tests that count everything in storage: its workflows never wake up during a
/// test (a "day" lasts an hour), and its collection runs alone, after the parallel ones, so no other test writes.
/// </summary>
public sealed class QuietLocalHostFixture : LocalHostFixture
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Review:DayLength"] = "01:00:00";
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietLocalHostGroup : ICollectionFixture<QuietLocalHostFixture>
{
    public const string Name = "quiet local host";
}

/// <summary>
/// Hostile requests against every public endpoint, as an attacker or a broken client sends them. None may get a 5xx;
/// API clients get problem+json (agents' link pages get an HTML page); nothing a refused request sent is stored
/// (rows and blobs counted before and after); and a valid submission is still accepted afterwards.
/// </summary>
[Collection(QuietLocalHostGroup.Name)]
public sealed class HostileCorpusTests(QuietLocalHostFixture host, ITestOutputHelper output)
{
    private const string Submit = ApplicationClient.SubmitPath;
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    /// <summary>Routes that are pages for an agent's browser: they answer with a page whatever Accept says.</summary>
    private static readonly string[] PageRoutes = ["/api/review/", "/api/revoke/", "/api/procedures/school-enrolment/form"];

    private enum Expect
    {
        /// <summary>4xx and problem+json.</summary>
        Problem,

        /// <summary>4xx and an HTML page (a browser posted a form or followed a link).</summary>
        Page,

        /// <summary>A JSON answer (200 allowed: the request is harmless, not refused), and nothing stored.</summary>
        Answer,

        /// <summary>
        /// An encoded NUL (%00) in the path: Kestrel itself answers 400 with an empty body while parsing the request
        /// line, before any application code runs (no hook exists); docs/SECURITY.md lists it.
        /// </summary>
        KestrelRefusal,
    }

    private sealed record Case(string Category, string Name, HttpMethod Method, string Path, Func<HttpContent?> Body, string Accept = Json, Expect Expected = Expect.Problem);

    [Fact]
    public async Task HostileCorpus_EveryPublicEndpoint_NoServerErrorProblemJsonNothingStoredAndValidStillAccepted()
    {
        using var api = host.Client();
        // The first application waits for the citizen's correction (so correction requests read their bodies), the
        // second for the agent's decision (so review links are live).
        var first = await ArrangeApplicationAsync(api, askForChanges: true);
        var second = await ArrangeApplicationAsync(api, askForChanges: false);
        var draft = await ArrangeDraftAsync(api);
        var corpus = Corpus(first, second, draft).ToList();
        Assert.True(corpus.Count >= 300, $"Only {corpus.Count} cases.");

        var before = await CountStoredAsync();
        var results = new List<(Case Case, int Status, string ContentType)>();
        using var raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        foreach (var item in corpus)
        {
            using var request = new HttpRequestMessage(item.Method, item.Path) { Content = item.Body() };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(item.Accept));
            using var response = await raw.SendAsync(request);
            results.Add((item, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? string.Empty));
        }

        var after = await CountStoredAsync();
        var accepted = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));

        var summary = Summary(results, before, after);
        output.WriteLine(summary);
        output.WriteLine(string.Join(Environment.NewLine, results.Where(result => result.Status < 400).Select(Describe)));
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "hostile-corpus-summary.txt"), summary);
        Assert.Empty(results.Where(result => result.Status >= 500).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected != Expect.Answer && result.Status is < 400 or >= 500).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected == Expect.KestrelRefusal && result.Status != 400).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected == Expect.Answer && result.ContentType is not (Json or ProblemJson)).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected == Expect.Problem && result.ContentType != ProblemJson && !IsPageRoute(result.Case.Path)).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected != Expect.KestrelRefusal && result.ContentType.Length == 0).Select(Describe));
        Assert.Empty(results.Where(result => IsPageRoute(result.Case.Path) && result.ContentType is not ("text/html" or ProblemJson)).Select(Describe));
        Assert.Empty(results.Where(result => result.Case.Expected == Expect.Page && result.ContentType != "text/html").Select(Describe));
        Assert.Equal(before, after);
        Assert.Equal("Received", accepted.Status);
    }

    private static bool IsPageRoute(string path) => PageRoutes.Any(route => path.StartsWith(route, StringComparison.Ordinal));

    private static string Describe((Case Case, int Status, string ContentType) result) =>
        $"{result.Case.Category} / {result.Case.Name}: {result.Case.Method} {result.Case.Path} → {result.Status} {result.ContentType}";

    private static string Summary(List<(Case Case, int Status, string ContentType)> results, StoredCounts before, StoredCounts after)
    {
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant($"Hostile corpus: {results.Count} requests, {results.Count(result => result.Status >= 500)} × 5xx"));
        text.AppendLine("By status class: " + string.Join(", ", results.GroupBy(result => result.Status / 100).OrderBy(group => group.Key).Select(group => FormattableString.Invariant($"{group.Key}xx × {group.Count()}"))));
        text.AppendLine("By status: " + string.Join(", ", results.GroupBy(result => result.Status).OrderBy(group => group.Key).Select(group => FormattableString.Invariant($"{group.Key} × {group.Count()}"))));
        text.AppendLine("By category:");
        foreach (var group in results.GroupBy(result => result.Case.Category))
        {
            text.AppendLine(FormattableString.Invariant($"  {group.Key}: {group.Count()} ({string.Join(", ", group.GroupBy(result => result.Status).OrderBy(status => status.Key).Select(status => $"{status.Key} × {status.Count()}"))})"));
        }

        text.AppendLine(FormattableString.Invariant($"Stored before: {before.Rows} rows, {before.Blobs} blobs, {before.Instances} workflow instances; after: {after.Rows} rows, {after.Blobs} blobs, {after.Instances} workflow instances"));
        return text.ToString();
    }

    private sealed record Arranged(Receipt Receipt, string ReviewPath, string ReviewToken, string AttachmentPath, string Email);

    private async Task<Arranged> ArrangeApplicationAsync(HttpClient api, bool askForChanges)
    {
        var email = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(email)));
        var mail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        // The workflow is idle once the review is requested and the receipt acknowledged: nothing more is written.
        await ApplicationClient.WaitForStatusAsync(api, receipt, body =>
            body.History.Any(item => item.Action == "ReviewRequested") && body.History.Any(item => item.Action == "AcknowledgementSent"));
        var review = new Uri(mail.Link("Refuser la demande")).PathAndQuery;
        var attachment = new Uri(mail.Link("Pièce jointe : justificatif-domicile.pdf")).PathAndQuery;
        if (askForChanges)
        {
            using var browser = host.Client("text/html");
            using var asked = await browser.PostAsync(mail.Link("Demander des compléments"), new FormUrlEncodedContent([KeyValuePair.Create("comment", "Le justificatif est illisible."), KeyValuePair.Create("fields", "childFirstName")]));
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            await host.Mailbox.WaitForAsync(email, "Compléments demandés");
            await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.ChangeRequest is not null && body.DeadlineSuspended && body.History.Any(item => item.Action == "ChangesRequested"));
        }

        return new Arranged(receipt, review, review["/api/review/".Length..], attachment, email);
    }

    /// <summary>A draft whose resume link already went to as many addresses as a draft may e-mail.</summary>
    private static async Task<string> ArrangeDraftAsync(HttpClient api)
    {
        using var created = await api.PostAsync("/api/procedures/school-enrolment/drafts", System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["lang"] = "fr", ["childFirstName"] = "Léa" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var draftUrl = new Uri(body.RootElement.GetProperty("draftUrl").GetString()!).PathAndQuery;
        for (var index = 0; index < 3; index++)
        {
            using var sent = await api.PostAsync(draftUrl, System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["action"] = "send-link", ["email"] = ApplicationClient.NewCitizenEmail() }));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        return draftUrl;
    }

    private sealed record StoredCounts(int Rows, int Blobs, int Instances);

    private async Task<StoredCounts> CountStoredAsync()
    {
        var rows = 0;
        foreach (var table in StorageNames.Tables)
        {
            await foreach (var _ in host.Storage.Table(table).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }
        }

        var blobs = 0;
        foreach (var container in StorageNames.Containers)
        {
            await foreach (var _ in host.Storage.Container(container).GetBlobsAsync())
            {
                blobs++;
            }
        }

        var instances = 0;
        await foreach (var _ in host.Storage.Table(host.TaskHubName + "Instances").QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            instances++;
        }

        return new StoredCounts(rows, blobs, instances);
    }

    private IEnumerable<Case> Corpus(Arranged first, Arranged second, string draft) =>
        BaseCorpus(first, second).Concat(BoundedWorkCorpus(first, draft));

    /// <summary>
    /// Bodies within the size limit that ask for unbounded work (issue 24): huge key counts, deep nesting, values longer
    /// than any field, at every route that reads a body; a draft's link sent to more addresses than allowed; names with
    /// characters XML cannot carry.
    /// </summary>
    private static IEnumerable<Case> BoundedWorkCorpus(Arranged first, string draft)
    {
        static string Keys(int count, string value) =>
            "{" + string.Join(',', Enumerable.Range(0, count).Select(index => $"\"k{index}\":{value}")) + "}";

        var correction = Correction(first, first.Receipt.AccessCode);
        var createDraft = "/api/procedures/school-enrolment/drafts";
        var bodyRoutes = new[] { ("submission", Submit), ("correction", correction), ("draft prefill", createDraft), ("draft autosave", draft) };
        var seventyThousand = new string('a', 70_000);
        foreach (var (route, path) in bodyRoutes)
        {
            var action = route == "draft autosave" ? "\"action\":\"autosave\"," : string.Empty;
            yield return new("bounded work", $"{route}: 200,000 keys of {{}}", HttpMethod.Post, path, () => Text(Keys(200_000, "{}"), Json));
            yield return new("bounded work", $"{route}: 200,000 string keys", HttpMethod.Post, path, () => Text(Keys(200_000, "\"x\""), Json));
            yield return new("bounded work", $"{route}: array of 100,000 objects", HttpMethod.Post, path, () => Text("{" + action + "\"a\":[" + string.Join(',', Enumerable.Repeat("{}", 100_000)) + "]}", Json));
            yield return new("bounded work", $"{route}: nesting 5,000 deep", HttpMethod.Post, path, () => Text("{" + action + "\"a\":" + new string('[', 5000) + new string(']', 5000) + "}", Json));
            yield return new("bounded work", $"{route}: 70,000-character value", HttpMethod.Post, path, () => Text("{" + action + "\"childFirstName\":\"" + seventyThousand + "\"}", Json));
            yield return new("bounded work", $"{route}: 500-character key", HttpMethod.Post, path, () => Text("{" + action + "\"" + new string('k', 500) + "\":\"x\"}", Json));
            yield return new("bounded work", $"{route}: 300-character file name", HttpMethod.Post, path, () => Text("{" + action + "\"proofOfAddress\":{\"fileName\":\"" + new string('f', 300) + ".pdf\",\"contentBase64\":\"JVBERi0=\"}}", Json));
        }

        yield return new("bounded work", "form: 70,000-character value", HttpMethod.Post, Submit, () => Text("childFirstName=" + seventyThousand, "application/x-www-form-urlencoded"));
        yield return new("bounded work", "draft autosave: 3,000-character first name (field takes 200)", HttpMethod.Post, draft, () => Text("{\"action\":\"autosave\",\"childFirstName\":\"" + new string('a', 3000) + "\"}", Json));
        yield return new("bounded work", "draft prefill: 3,000-character first name (field takes 200)", HttpMethod.Post, createDraft, () => Text("{\"childFirstName\":\"" + new string('a', 3000) + "\"}", Json));

        // One draft's link to many addresses: the draft already e-mailed the three it may.
        for (var index = 0; index < 30; index++)
        {
            var address = $"spray.{index}.{Guid.NewGuid():N}@example.org";
            yield return new("send-link loop", $"address {index}", HttpMethod.Post, draft, () => Text($"{{\"action\":\"send-link\",\"email\":\"{address}\"}}", Json));
        }

        // Characters XML 1.0 cannot carry, in names: refused on the field, so no export ever meets them.
        foreach (var (label, character) in new[] { ("U+FFFF", "\uFFFF"), ("U+FFFE", "\uFFFE"), ("U+0001", "\u0001") })
        {
            var fields = ApplicationClient.Fields("corpus@example.org", childFirstName: "Zoé" + character);
            yield return new("XML-unsafe name", $"{label} in a name (JSON)", HttpMethod.Post, Submit, () => Text(JsonWithFile(fields, "justificatif.pdf", Convert.ToBase64String(ApplicationClient.ProofPdf)), Json));
            yield return new("XML-unsafe name", $"{label} in a name (form)", HttpMethod.Post, Submit, () => Multipart(fields));
        }
    }

    private IEnumerable<Case> BaseCorpus(Arranged first, Arranged second)
    {
        var fields = ApplicationClient.Fields("corpus@example.org");
        var status = first.Receipt.StatusUrl[first.Receipt.StatusUrl.IndexOf("/api/", StringComparison.Ordinal)..];
        var statusPath = status[..status.IndexOf('?', StringComparison.Ordinal)];
        var otherAccess = second.Receipt.AccessCode;

        // Malformed JSON: every way a body can stop being JSON.
        string[] malformed =
        [
            "{\"broken\":", "{", "}", "{\"a\" \"b\"}", "{'a':'b'}", "{\"a\":\"b\",}", "{\"a\":\"b\"}}", "{\"a\":undefined}", "{\"a\":NaN}", "{\"a\":01}",
            "{\"a\":\"b\n\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":tru}", "{\"a\":\"b\"} trailing", "{\"a\":[1,2}", "// comment\n{}", "{\"a\":\"b\"/*c*/}", "   ", string.Empty,
        ];
        foreach (var body in malformed)
        {
            yield return new("malformed JSON", body, HttpMethod.Post, Submit, () => Text(body, Json));
        }

        // JSON of the wrong shape or types: objects and arrays where one value is expected, a root that is no object.
        string[] mistyped =
        [
            "[]", "[{\"childFirstName\":\"Léa\"}]", "\"text\"", "42", "null", "true",
            """{"childFirstName":{"first":"Léa"}}""", """{"childFirstName":["Léa","Zoé"]}""", """{"childFirstName":[{"a":1}]}""", """{"postalCode":30000.5}""",
            """{"parentEmail":{"fileName":"a.pdf"}}""", """{"proofOfAddress":"not a file"}""", """{"proofOfAddress":{"fileName":"a.pdf","contentBase64":"%%%"}}""", """{"proofOfAddress":{"contentBase64":12}}""",
            """{"childBirthDate":true}""", """{"schoolYear":[]}""", """{"school":{}}""", """{"parentPhone":-1e309}""", """{"unknownField":"x"}""", """{"lang":{"fr":true}}""",
        ];
        foreach (var body in mistyped)
        {
            yield return new("mistyped JSON", body, HttpMethod.Post, Submit, () => Text(body, Json));
        }

        // Duplicate keys and deep nesting.
        foreach (var body in new[] { """{"a":"1","a":"2"}""", """{"parentEmail":"a@example.org","parentEmail":"b@example.org"}""", """{"x":{"y":"1","y":"2"}}""" })
        {
            yield return new("duplicate keys", body, HttpMethod.Post, Submit, () => Text(body, Json));
        }

        foreach (var depth in new[] { 9, 20, 100, 1000, 10000 })
        {
            var body = "{\"a\":" + new string('[', depth) + new string(']', depth) + "}";
            yield return new("deep nesting", $"depth {depth}", HttpMethod.Post, Submit, () => Text(body, Json));
            var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            yield return new("deep nesting", $"objects {depth}", HttpMethod.Post, Submit, () => Text(objects, Json));
        }

        // Invalid UTF-8 in every body format.
        byte[][] invalidUtf8 = [[0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]];
        foreach (var bytes in invalidUtf8)
        {
            var hex = Convert.ToHexString(bytes);
            yield return new("invalid UTF-8", $"JSON {hex}", HttpMethod.Post, Submit, () => Bytes([.. "{\"childFirstName\":\""u8.ToArray(), .. bytes, .. "\"}"u8.ToArray()], Json));
            yield return new("invalid UTF-8", $"multipart {hex}", HttpMethod.Post, Submit, () => Multipart(fields, ("childFirstName", bytes)));
        }

        yield return new("invalid UTF-8", "escaped lone surrogate", HttpMethod.Post, Submit, () => Text("""{"childFirstName":"\ud800"}""", Json));
        yield return new("invalid UTF-8", "url-encoded %FF", HttpMethod.Post, Submit, () => Text("childFirstName=%FF%FE&parentEmail=x", "application/x-www-form-urlencoded"));

        // Huge fields and bodies, with and without Content-Length, at every endpoint that reads a body.
        var nineMegabytes = new string('a', 9 * 1024 * 1024);
        yield return new("huge body", "JSON 9 MB with length", HttpMethod.Post, Submit, () => Text("{\"a\":\"" + nineMegabytes + "\"}", Json));
        yield return new("huge body", "JSON 9 MB chunked", HttpMethod.Post, Submit, () => Chunked(Encoding.UTF8.GetBytes("{\"a\":\"" + nineMegabytes + "\"}"), Json));
        yield return new("huge body", "url-encoded 9 MB chunked", HttpMethod.Post, Submit, () => Chunked(Encoding.UTF8.GetBytes("a=" + nineMegabytes), "application/x-www-form-urlencoded"));
        yield return new("huge body", "multipart 9 MB chunked", HttpMethod.Post, Submit, () => Chunked(MultipartBytes(("proofOfAddress", new byte[9 * 1024 * 1024])), MultipartType));
        yield return new("huge body", "multipart 9 MB with length", HttpMethod.Post, Submit, () => Bytes(MultipartBytes(("proofOfAddress", new byte[9 * 1024 * 1024])), MultipartType));
        yield return new("huge body", "review form 200 KB chunked", HttpMethod.Post, second.ReviewPath, () => Chunked(Encoding.UTF8.GetBytes("comment=" + new string('a', 200 * 1024)), "application/x-www-form-urlencoded"), "text/html", Expect.Page);
        yield return new("huge body", "review form 200 KB with length", HttpMethod.Post, second.ReviewPath, () => Text("comment=" + new string('a', 200 * 1024), "application/x-www-form-urlencoded"), "text/html", Expect.Page);
        yield return new("huge body", "revoke form 200 KB chunked", HttpMethod.Post, "/api/revoke/forged", () => Chunked(Encoding.UTF8.GetBytes("reason=" + new string('a', 200 * 1024)), "application/x-www-form-urlencoded"), "text/html", Expect.Page);
        yield return new("huge body", "verify 11 MB chunked", HttpMethod.Post, "/api/verify", () => Chunked(new byte[11 * 1024 * 1024], "application/pdf"));
        yield return new("huge body", "correction 9 MB chunked", HttpMethod.Post, Correction(first, first.Receipt.AccessCode), () => Chunked(Encoding.UTF8.GetBytes("{\"a\":\"" + nineMegabytes + "\"}"), Json));
        foreach (var size in new[] { 1_000, 100_000, 1_000_000 })
        {
            foreach (var field in new[] { "childFirstName", "addressLine", "parentEmail" })
            {
                var big = new Dictionary<string, string>(fields) { [field] = new string('é', size) };
                yield return new("huge field", $"{field} {size}", HttpMethod.Post, Submit, () => Multipart(big));
            }
        }

        // Broken multipart: boundaries that do not match, no end, truncated parts, headers without bodies.
        string[] brokenMultipart =
        [
            "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n",
            "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nbbbbb",
            "--abc\r\nContent-Disposition: form-data; name=\"a\"",
            "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n",
            "--abc\r\n\r\n\r\n--abc--",
            "--abc",
            "garbage without any boundary",
            "--abc\r\nContent-Disposition: form-data; name=\"proofOfAddress\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 truncated",
            "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n" + string.Concat(Enumerable.Repeat("X-Header: y\r\n", 100)) + "\r\nb\r\n--abc--\r\n",
            "--abc\r\nContent-Disposition: form-data; name=\"" + new string('n', 10_000) + "\"\r\n\r\nb\r\n--abc--\r\n",
        ];
        foreach (var body in brokenMultipart)
        {
            yield return new("broken multipart", body.Length > 40 ? body[..40] : body, HttpMethod.Post, Submit, () => Text(body, "multipart/form-data; boundary=abc"));
        }

        yield return new("broken multipart", "no boundary parameter", HttpMethod.Post, Submit, () => Text("--abc--\r\n", "multipart/form-data"));
        yield return new("broken multipart", "empty boundary", HttpMethod.Post, Submit, () => Text("--abc--\r\n", "multipart/form-data; boundary="));
        yield return new("broken multipart", "too many parts", HttpMethod.Post, Submit, () => Text(string.Join('&', Enumerable.Range(0, 400).Select(index => $"f{index}=x")), "application/x-www-form-urlencoded"));
        yield return new("broken multipart", "truncated at verify", HttpMethod.Post, "/api/verify", () => Text("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF", "multipart/form-data; boundary=abc"));

        // Files that lie about their type, empty files, hostile names.
        (string Name, byte[] Content)[] lyingFiles =
        [
            ("justificatif.pdf", "<html><script>alert(1)</script></html>"u8.ToArray()),
            ("justificatif.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03]),
            ("justificatif.pdf", "GIF89a"u8.ToArray()),
            ("archive.zip", [0x50, 0x4B, 0x03, 0x04]),
            ("justificatif.pdf", []),
            ("vide.png", []),
            ("justificatif.svg", "<svg onload=\"alert(1)\"/>"u8.ToArray()),
        ];
        foreach (var (name, content) in lyingFiles)
        {
            yield return new("lying or empty file", $"{name} {content.Length} bytes", HttpMethod.Post, Submit, () => Multipart(fields, file: (name, content)));
        }

        yield return new("lying or empty file", "verify: HTML as PDF", HttpMethod.Post, "/api/verify", () => Bytes("<html/>"u8.ToArray(), "application/pdf"));
        yield return new("lying or empty file", "verify: empty", HttpMethod.Post, "/api/verify", () => Bytes([], "application/pdf"));
        yield return new("lying or empty file", "JSON base64 of an executable", HttpMethod.Post, Submit, () => Text(JsonWithFile(fields, "a.pdf", Convert.ToBase64String([0x4D, 0x5A, 0x90])), Json));

        string[] hostileNames = ["../../etc/passwd", "..\\..\\windows\\win.ini", "a\0.pdf", "%00.pdf", "justificatif.pdf\0.exe", "/absolute/path.pdf", "CON.pdf", new string('n', 5000) + ".pdf", "a\r\nContent-Type: text/html.pdf", "<img src=x onerror=alert(1)>.pdf"];
        foreach (var name in hostileNames)
        {
            // The content is a genuine PDF, so the name alone decides nothing: a field error keeps the case a refusal
            // (nothing stored), and the name still goes through the whole multipart reader and validator.
            var invalid = new Dictionary<string, string>(fields) { ["postalCode"] = "not-a-code" };
            yield return new("hostile file name", name.Length > 40 ? name[..40] : name, HttpMethod.Post, Submit, () => Multipart(invalid, file: (name, ApplicationClient.ProofPdf)));
        }

        // CRLF and header injection in e-mail and name fields.
        string[] crlf = ["a@example.org\r\nBcc: victim@example.org", "a@example.org\nCc: x@example.org", "Claire\r\nSubject: spam", "Claire\rMartin", "Claire\nMartin", "a@example.org%0d%0aBcc:x@example.org"];
        foreach (var value in crlf)
        {
            yield return new("CRLF in fields", $"parentEmail {value.Length}", HttpMethod.Post, Submit, () => Multipart(new Dictionary<string, string>(fields) { ["parentEmail"] = value }));
            if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                yield return new("CRLF in fields", $"parentName {value.Length}", HttpMethod.Post, Submit, () => Multipart(new Dictionary<string, string>(fields) { ["parentName"] = value }));
                yield return new("CRLF in fields", $"childLastName JSON {value.Length}", HttpMethod.Post, Submit, () => Text(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>(fields) { ["childLastName"] = value }), Json));
            }
        }

        // Table-query characters and odd references in every route that takes one.
        string[] references = ["'", "%27", "ECO-2026-AAAAAA'%20or%20'1'%3D'1", "%2F", "ECO%2F..%2F..", "%23", "%3F", "PartitionKey%20eq%20'x'", new string('A', 2000)];
        yield return new("odd reference", "status NUL", HttpMethod.Get, $"/api/procedures/school-enrolment/applications/ECO-2026-%00?access=x", () => null, Json, Expect.KestrelRefusal);
        yield return new("odd reference", "verify NUL", HttpMethod.Get, "/api/verify/ECO-2026-%00", () => null, Json, Expect.KestrelRefusal);
        foreach (var reference in references)
        {
            yield return new("odd reference", $"status {reference}", HttpMethod.Get, $"/api/procedures/school-enrolment/applications/{reference}?access={first.Receipt.AccessCode}", () => null);
            yield return new("odd reference", $"certificate {reference}", HttpMethod.Get, $"/api/procedures/school-enrolment/applications/{reference}/certificate?access=x", () => null);
            yield return new("odd reference", $"withdrawal {reference}", HttpMethod.Post, $"/api/procedures/school-enrolment/applications/{reference}/withdrawal?access=x", () => Text("{}", Json));
            // Verification answers any number (200, "unknown"): the point is that the characters reach no query.
            yield return new("odd reference", $"verify {reference}", HttpMethod.Get, $"/api/verify/{reference}", () => null, Json, Expect.Answer);
        }

        foreach (var procedure in new[] { "'", "%27", "%2F", "unknown-procedure", "school-enrolment'", "SCHOOL-ENROLMENT" })
        {
            yield return new("unknown procedure", $"submit {procedure}", HttpMethod.Post, $"/api/procedures/{procedure}/applications", () => Multipart(fields));
            yield return new("unknown procedure", $"catalogue {procedure}", HttpMethod.Get, $"/api/procedures/{procedure}", () => null);
        }

        // Another application's access code, a truncated one, none.
        foreach (var (name, access) in new[] { ("other application's code", otherAccess), ("truncated code", first.Receipt.AccessCode[..^2]), ("no code", string.Empty), ("quote", "'"), ("long", new string('x', 5000)) })
        {
            yield return new("access code", $"status: {name}", HttpMethod.Get, $"{statusPath}?access={Uri.EscapeDataString(access)}", () => null);
            yield return new("access code", $"certificate: {name}", HttpMethod.Get, $"{statusPath}/certificate?access={Uri.EscapeDataString(access)}", () => null);
            yield return new("access code", $"withdrawal: {name}", HttpMethod.Post, $"{statusPath}/withdrawal?access={Uri.EscapeDataString(access)}", () => Text("{}", Json));
            yield return new("access code", $"correction: {name}", HttpMethod.Post, Correction(first, access), () => Multipart(fields));
            yield return new("access code", $"correction page: {name}", HttpMethod.Get, Correction(first, access), () => null, "text/html", Expect.Page);
        }

        // Review and revocation tokens: forged, truncated, tampered, expired, for another reviewer's round, empty.
        var tokens = Tokens(second).ToList();
        foreach (var (name, token) in tokens)
        {
            yield return new("token", $"review page: {name}", HttpMethod.Get, $"/api/review/{token}", () => null, "text/html", Expect.Page);
            yield return new("token", $"review decision: {name}", HttpMethod.Post, $"/api/review/{token}", () => Text("comment=ok", "application/x-www-form-urlencoded"), "text/html", Expect.Page);
            yield return new("token", $"review attachment: {name}", HttpMethod.Get, $"/api/review/{token}/attachments/x", () => null, "text/html", Expect.Page);
            yield return new("token", $"revocation page: {name}", HttpMethod.Get, $"/api/revoke/{token}", () => null, "text/html", Expect.Page);
            yield return new("token", $"revocation: {name}", HttpMethod.Post, $"/api/revoke/{token}", () => Text("reason=x", "application/x-www-form-urlencoded"), "text/html", Expect.Page);
        }

        yield return new("token", "valid reject link without a reason", HttpMethod.Post, second.ReviewPath, () => Text("comment=", "application/x-www-form-urlencoded"), "text/html", Expect.Page);
        yield return new("token", "valid link, unknown attachment", HttpMethod.Get, second.ReviewPath + "/attachments/does-not-exist", () => null, "text/html", Expect.Page);
        yield return new("token", "valid link, another application's attachment", HttpMethod.Get, second.ReviewPath + "/attachments/" + first.AttachmentPath[(first.AttachmentPath.LastIndexOf('/') + 1)..], () => null, "text/html", Expect.Page);

        // The correction form reads a body like the submission: the same hostile bodies are refused there too.
        foreach (var body in malformed.Take(8).Concat(mistyped.Take(6)))
        {
            yield return new("correction body", body, HttpMethod.Post, Correction(first, first.Receipt.AccessCode), () => Text(body, Json));
        }

        foreach (var body in brokenMultipart.Take(5))
        {
            yield return new("correction body", body.Length > 40 ? body[..40] : body, HttpMethod.Post, Correction(first, first.Receipt.AccessCode), () => Text(body, "multipart/form-data; boundary=abc"));
        }

        yield return new("correction body", "invalid UTF-8", HttpMethod.Post, Correction(first, first.Receipt.AccessCode), () => Bytes([.. "{\"childFirstName\":\""u8.ToArray(), 0xFF, .. "\"}"u8.ToArray()], Json));
        yield return new("correction body", "CRLF in the corrected name", HttpMethod.Post, Correction(first, first.Receipt.AccessCode), () => Text("{\"childFirstName\":\"Léa\\r\\nBcc: x@example.org\"}", Json));

        // Drafts: malformed or unknown prefills, forged tokens.
        const string Drafts = "/api/procedures/school-enrolment/drafts";
        yield return new("draft", "truncated JSON prefill", HttpMethod.Post, Drafts, () => Text("{\"childFirstName\":", Json));
        yield return new("draft", "unknown field in a prefill", HttpMethod.Post, Drafts, () => Text("{\"isAdmin\":\"yes\"}", Json));
        yield return new("draft", "a file in a prefill", HttpMethod.Post, Drafts, () => Text("{\"proofOfAddress\":\"x\"}", Json));
        yield return new("draft", "forged token (read)", HttpMethod.Get, Drafts + "/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA", () => null);
        yield return new("draft", "forged token (write)", HttpMethod.Post, Drafts + "/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA", () => Text("{\"action\":\"submit\"}", Json));
        yield return new("draft", "table-query characters as a token", HttpMethod.Get, Drafts + "/" + Uri.EscapeDataString("' or PartitionKey ne '"), () => null);
        yield return new("draft", "unknown procedure", HttpMethod.Post, "/api/procedures/nothing/drafts", () => Text("{}", Json));

        // Wrong methods on every route, and addresses that do not exist.
        string[] routes =
        [
            Submit, "/api/procedures/school-enrolment/form", statusPath, statusPath + "/certificate", first.ReviewPath, first.ReviewPath + "/attachments/x",
            statusPath + "/correction", statusPath + "/withdrawal", "/api/verify/ATT-1", "/api/procedures", "/api/procedures/school-enrolment",
            "/api/openapi.yaml", "/api/verify", "/api/revoke/x", "/api/health",
            "/api/transparency/saint-exemple/checkpoint", "/api/transparency/saint-exemple/key", "/api/transparency/saint-exemple/entries",
            "/api/transparency/saint-exemple/proof/inclusion", "/api/transparency/saint-exemple/proof/consistency",
            statusPath + "/receipt", statusPath + "/receipt/pdf", Drafts, Drafts + "/x.y",
        ];
        foreach (var route in routes)
        {
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, new HttpMethod("PROPFIND") })
            {
                yield return new("wrong method", $"{method} {route}", method, route, () => Text("{}", Json));
            }
        }

        foreach (var path in new[] { "/api/nothing", "/api/procedures/school-enrolment/applications/x/y/z", "/api/../../etc/passwd", "/api/%2e%2e/%2e%2e/etc/passwd", "/api/review", "/api/revoke", "/api/verify/", "/nothing", "/api/procedures/school-enrolment/form/extra", "/api/health/details" })
        {
            yield return new("unknown address", path, HttpMethod.Get, path, () => null);
        }

        // Unsupported media types: only types that really are not supported get 415.
        foreach (var type in new[] { "text/plain", "application/xml", "text/html", "image/png", "application/x-www-form-urlencoded-evil" })
        {
            yield return new("unsupported media type", type, HttpMethod.Post, Submit, () => Text("childFirstName=x", type));
        }

        // Robots on the HTML form: the honeypot filled in, a forged form stamp.
        yield return new("robot form", "honeypot filled", HttpMethod.Post, Submit, () => Multipart(new Dictionary<string, string>(fields) { ["website"] = "https://spam.example" }), "text/html", Expect.Page);
        yield return new("robot form", "forged stamp", HttpMethod.Post, Submit, () => Multipart(new Dictionary<string, string>(fields) { ["_issued"] = "1.forged" }), "text/html", Expect.Page);
        yield return new("robot form", "honeypot filled, API client", HttpMethod.Post, Submit, () => Multipart(new Dictionary<string, string>(fields) { ["website"] = "x" }));
    }

    private IEnumerable<(string Name, string Token)> Tokens(Arranged arranged)
    {
        var token = arranged.ReviewToken;
        var tokens = host.Services.Get<ReviewTokens>();
        var grant = tokens.Check(Uri.UnescapeDataString(token)).Grant!;
        yield return ("forged", "eyJmb3JnZWQiOnRydWV9.AAAA");
        yield return ("random", Guid.NewGuid().ToString("N"));
        yield return ("truncated", token[..^4]);
        // The first character of the signature: all six of its bits count (the last one's low bits may be padding,
        // so changing it can leave the same bytes: that made this case pass the token about one time in sixteen).
        var signature = token.LastIndexOf('.') + 1;
        yield return ("tampered", token[..signature] + (token[signature] == 'A' ? 'B' : 'A') + token[(signature + 1)..]);
        yield return ("expired", Uri.EscapeDataString(tokens.Issue(grant with { ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) })));
        yield return ("another round", Uri.EscapeDataString(tokens.Issue(grant with { Round = grant.Round + 5 })));
        yield return ("another application", Uri.EscapeDataString(tokens.Issue(grant with { Reference = "ECO-2026-ZZZZZZ" })));
        yield return ("quote", "'");
        yield return ("very long", new string('a', 4000));
        yield return ("dots", "..");
    }

    private static string Correction(Arranged arranged, string access)
    {
        var path = arranged.Receipt.StatusUrl[arranged.Receipt.StatusUrl.IndexOf("/api/", StringComparison.Ordinal)..];
        return $"{path[..path.IndexOf('?', StringComparison.Ordinal)]}/correction?access={Uri.EscapeDataString(access)}";
    }

    private const string MultipartType = "multipart/form-data; boundary=corpusboundary";

    private static ByteArrayContent Text(string body, string contentType) => Bytes(Encoding.UTF8.GetBytes(body), contentType);

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static ChunkedContent Chunked(byte[] body, string contentType)
    {
        var content = new ChunkedContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static MultipartFormDataContent Multipart(Dictionary<string, string> fields, (string Name, byte[] Value)? rawField = null, (string Name, byte[] Content)? file = null)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Where(pair => pair.Key != rawField?.Name))
        {
            content.Add(new StringContent(value), name);
        }

        if (rawField is { } raw)
        {
            content.Add(new ByteArrayContent(raw.Value), raw.Name);
        }

        var (fileName, fileContent) = file ?? ("justificatif-domicile.pdf", ApplicationClient.ProofPdf);
        var part = new ByteArrayContent(fileContent);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"proofOfAddress\"; filename=\"{fileName.Replace("\"", "%22", StringComparison.Ordinal)}\"");
        content.Add(part);
        return content;
    }

    private static byte[] MultipartBytes(params (string Name, byte[] Content)[] files)
    {
        using var body = new MemoryStream();
        foreach (var (name, bytes) in files)
        {
            body.Write(Encoding.ASCII.GetBytes($"--corpusboundary\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write("--corpusboundary--\r\n"u8);
        return body.ToArray();
    }

    private static string JsonWithFile(Dictionary<string, string> fields, string fileName, string base64) =>
        System.Text.Json.JsonSerializer.Serialize(fields.ToDictionary(pair => pair.Key, pair => (object)pair.Value).Append(new("proofOfAddress", new { fileName, contentBase64 = base64 })).ToDictionary());

    /// <summary>A body sent without Content-Length (chunked), as a streaming client sends it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
