using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.CitizenAccounts;

namespace Serverless.Functions;

/// <summary>Citizens' accounts: FranceConnect sign-in and sign-out, and their own page.</summary>
public sealed class CitizenAccountFunctions(CitizenSignInHandler signIn, CitizenHomeHandler home)
{
    [Function(FunctionNames.ShowCitizenHome)]
    public Task<IActionResult> ShowCitizenHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CitizenHome)] HttpRequest request,
        CancellationToken cancellationToken) =>
        home.ShowAsync(request, cancellationToken);

    [Function(FunctionNames.StartCitizenSignIn)]
    public Task<IActionResult> StartCitizenSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CitizenSignIn)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.StartAsync(request, cancellationToken);

    [Function(FunctionNames.CompleteCitizenSignIn)]
    public Task<IActionResult> CompleteCitizenSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CitizenCallback)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.CallbackAsync(request, cancellationToken);

    [Function(FunctionNames.CitizenSignOut)]
    public Task<IActionResult> CitizenSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CitizenSignOut)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.SignOutAsync(request, cancellationToken);

    [Function(FunctionNames.CitizenSignOutEverywhere)]
    public Task<IActionResult> CitizenSignOutEverywhere(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CitizenSignOutEverywhere)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.SignOutEverywhereAsync(request, cancellationToken);

    [Function(FunctionNames.ShowCitizenSignedOut)]
    public static IActionResult ShowCitizenSignedOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CitizenSignedOut)] HttpRequest request) =>
        CitizenSignInHandler.SignedOut(request);
}
