using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Applications;
using Serverless.Core.Submission;

namespace Serverless.IntegrationTests;

/// <summary>A random reference that is already taken is drawn again, never overwritten and never answered 503.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class ReferenceCollisionTests(LocalHostFixture host)
{
    /// <summary>Draws the given references in order.</summary>
    private sealed class ScriptedReferences(params string[] references) : ReferenceGenerator
    {
        private readonly Queue<string> next = new(references);

        public override string Draw(string prefix, int year) => next.Dequeue();
    }

    [Fact]
    public async Task HandleAsync_DrawnReferenceAlreadyTaken_StoresTheApplicationUnderAFreshOne()
    {
        var year = DateTime.UtcNow.Year;
        var taken = ApplicationReference.New("ECO", year);
        var fresh = ApplicationReference.New("ECO", year);
        var repository = host.Services.Get<ApplicationRepository>();
        var earlier = ApplicationRepository.NewRecord(taken, "school-enrolment", "fr", DateTimeOffset.UtcNow, "someone@example.org", new Dictionary<string, string> { ["childFirstName"] = "Premier" }, []);
        Assert.True(await repository.TryAddAsync(earlier, CancellationToken.None));
        var intake = ActivatorUtilities.CreateInstance<ApplicationIntake>(host.Services, new ScriptedReferences(taken, fresh));
        var handler = ActivatorUtilities.CreateInstance<SubmitApplicationHandler>(host.Services, intake);
        var parent = ApplicationClient.NewCitizenEmail();

        var result = await handler.HandleAsync(await RequestAsync(ApplicationClient.Multipart(ApplicationClient.Fields(parent))), "school-enrolment", CancellationToken.None);

        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Response.Body = new MemoryStream();
        await ((IActionResult)result).ExecuteResultAsync(new ActionContext { HttpContext = context });
        Assert.Equal(StatusCodes.Status202Accepted, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var receipt = await JsonSerializer.DeserializeAsync<Receipt>(context.Response.Body, ApplicationClient.Json);
        Assert.Equal(fresh, receipt!.Reference);
        Assert.Equal("Premier", (await repository.GetAsync(taken, CancellationToken.None)).Values["childFirstName"]);
        Assert.Equal(parent, (await repository.GetAsync(fresh, CancellationToken.None)).CitizenEmail);
        await host.Mailbox.WaitForAsync(parent, fresh);

        // The start message sent with the row that was refused names the earlier application: it started nothing.
        Assert.Null(await host.Services.Get<DurableTaskClient>().GetInstanceAsync(ApplicationReference.InstanceId(taken), CancellationToken.None));
    }

    private static async Task<HttpRequest> RequestAsync(HttpContent content)
    {
        var body = new MemoryStream();
        await content.CopyToAsync(body);
        body.Position = 0;
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/procedures/school-enrolment/applications";
        context.Request.ContentType = content.Headers.ContentType!.ToString();
        context.Request.ContentLength = body.Length;
        context.Request.Headers.Accept = "application/json";
        context.Request.Body = body;
        return context.Request;
    }
}
