using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Benchmarks;

/// <summary>
/// The worst bodies a submission route accepts to read (issue 24): what one request can cost, from the body's bytes to
/// the refusal written out, single-threaded (so the time is CPU time). The bounds are <see cref="SubmissionLimits"/>.
/// </summary>
[MemoryDiagnoser]
public class SubmissionBoundsBenchmarks
{
    private readonly SubmissionValidator validator = new(TimeProvider.System);
    private ProcedureDefinition procedure = null!;
    private byte[] unknownKeys = [];
    private byte[] knownFieldsTooLong = [];
    private byte[] membersAtTheLimit = [];
    private byte[] largestFile = [];

    [GlobalSetup]
    public void Setup()
    {
        procedure = CatalogueLoader.Load(CatalogueLoader.BundledPath).Find("school-enrolment")!;

        // 256 unknown fields of 20,000 characters each (5 MB): every value read and every key reported.
        unknownKeys = Json(Enumerable.Range(0, SubmissionLimits.MaxFields).Select(index => ($"unknown{index}", Quoted(new string('a', SubmissionLimits.MaxTextLength)))));

        // Every known field at the longest value the reader takes (each then refused by its field's own limit), and
        // unknown fields up to 256: the validator normalises the known ones.
        var known = procedure.Fields.Where(field => field.Kind != FieldKind.File).Select(field => (field.Name, Quoted(new string('a', SubmissionLimits.MaxTextLength))));
        knownFieldsTooLong = Json(known.Concat(Enumerable.Range(0, SubmissionLimits.MaxFields - known.Count()).Select(index => ($"u{index}", Quoted(new string('b', SubmissionLimits.MaxTextLength))))));

        // 1,023 members: 255 arrays of three strings, the most members the reader walks.
        membersAtTheLimit = Json(Enumerable.Range(0, 255).Select(index => ($"a{index}", "[\"x\",\"y\",\"z\"]")));

        // The largest file a body can carry: close to 8 MB of base64.
        var file = Convert.ToBase64String(new byte[(int)(SubmissionReader.MaxBodyBytes * 3 / 4) - 1024]);
        largestFile = Json([("proofOfAddress", $"{{\"fileName\":\"a.pdf\",\"contentBase64\":\"{file}\"}}")]);
    }

    [Benchmark]
    public Task<int> UnknownKeys256Of20000Characters() => RunAsync(unknownKeys);

    [Benchmark]
    public Task<int> KnownFieldsAtTheReadersLimit() => RunAsync(knownFieldsTooLong);

    [Benchmark]
    public Task<int> MembersAtTheLimit() => RunAsync(membersAtTheLimit);

    [Benchmark]
    public Task<int> LargestFile() => RunAsync(largestFile);

    /// <summary>Read, validate, and write the refusal, as the submission route does: the answer's size is returned.</summary>
    private async Task<int> RunAsync(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        var submission = (await SubmissionReader.ReadAsync(context.Request, CancellationToken.None))!;
        var result = validator.Validate(procedure, submission, ["30000"]);
        context.Response.Body = new MemoryStream();
        await Problems.Validation(result.Errors, Language.French, "/api/x").ExecuteResultAsync(new ActionContext { HttpContext = context });
        return (int)context.Response.Body.Length;
    }

    private static string Quoted(string value) => "\"" + value + "\"";

    private static byte[] Json(IEnumerable<(string Name, string Value)> members) =>
        Encoding.UTF8.GetBytes("{" + string.Join(',', members.Select(member => $"\"{member.Name}\":{member.Value}")) + "}");
}
