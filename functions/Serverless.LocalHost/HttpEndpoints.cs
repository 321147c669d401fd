using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Functions;
using Serverless.Platform.Http;

namespace Serverless.LocalHost;

/// <summary>
/// One HTTP function of the Functions app as the local host serves it: the name, methods and route read from its
/// <c>[Function]</c> and <c>[HttpTrigger]</c> attributes, and the wrapper method itself (<paramref name="Wrapper"/>),
/// which <paramref name="Handle"/> calls.
/// </summary>
public sealed record HttpEndpoint(string FunctionName, IReadOnlyList<string> Methods, string Route, MethodInfo Wrapper, Func<HttpContext, Task<IActionResult>> Handle)
{
    public HttpFunctionRoute Declaration => new(FunctionName, Methods, Route);
}

/// <summary>
/// Serves the Functions app's HTTP functions under <c>/api</c>. Their one declaration is the <c>[Function]</c> +
/// <c>[HttpTrigger]</c> attributes of the wrappers in <c>Serverless.Functions</c>: the Azure host can learn triggers
/// from nothing else (the SDK writes the attributes to <c>functions.metadata</c> at build), so the local host reads the
/// same attributes by reflection and calls the same wrapper methods, binding their parameters as the worker does
/// (<see cref="Bind"/>). A request is routed through the route table the Functions host builds
/// (<see cref="FunctionsHostRouteTable"/>: routes tried in the order of the function names, first match wins), so it
/// reaches here the function it reaches in Azure. A wrapper the local host cannot call stops the start
/// (<see cref="Discover"/>), rather than answering 500 at its first request.
/// </summary>
public static class HttpEndpoints
{
    private static readonly Lazy<IReadOnlyList<HttpEndpoint>> Discovered = new(() => Discover(typeof(FunctionsWorker).Assembly.GetExportedTypes()));

    /// <summary>Every HTTP function of the Functions app.</summary>
    public static IReadOnlyList<HttpEndpoint> All => Discovered.Value;

    public static IReadOnlyList<HttpFunctionRoute> Declarations => [.. All.Select(endpoint => endpoint.Declaration)];

    /// <summary>
    /// The HTTP functions declared by <paramref name="types"/>' methods, each with a delegate that creates the wrapper's
    /// class from the request's services (as the worker's <c>DefaultFunctionActivator</c> does, per invocation) and calls it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A wrapper has a parameter or a return type the local host cannot
    /// bind or run; the message has one line per problem.</exception>
    public static IReadOnlyList<HttpEndpoint> Discover(IEnumerable<Type> types)
    {
        var endpoints = new List<HttpEndpoint>();
        var problems = new List<string>();
        foreach (var method in types.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(attribute => attribute is not null);
            if (function is null || trigger is null)
            {
                continue;
            }

            // As the SDK writes functions.metadata: no methods means every method, no route means the function's name.
            var route = string.IsNullOrEmpty(trigger.Route) ? function.Name : trigger.Route;
            var methods = trigger.Methods ?? [];
            var errors = new List<string>();
            var arguments = method.GetParameters().Select(parameter => Bind(parameter, route, errors)).ToList();
            var invoke = Invoker(method, errors);
            if (errors.Count > 0)
            {
                problems.AddRange(errors.Select(error => $"{function.Name} ({method.DeclaringType!.Name}.{method.Name}): {error}"));
                continue;
            }

            var create = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
            endpoints.Add(new HttpEndpoint(function.Name, methods, route, method, context =>
                invoke(create?.Invoke(context.RequestServices, null), [.. arguments.Select(argument => argument(context))])));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The local host cannot run these HTTP functions:\n" + string.Join('\n', problems));
        }

        return endpoints;
    }

    /// <summary>
    /// Every HTTP function's class can be created from <paramref name="services"/>: each constructor parameter is a
    /// registered service. Checked at start, so a handler registered only in the Functions app stops the local host.
    /// </summary>
    /// <exception cref="InvalidOperationException">One line per parameter no service answers.</exception>
    public static void EnsureCreatable(IServiceProvider services)
    {
        var registered = services.GetRequiredService<IServiceProviderIsService>();
        var missing = All.Where(endpoint => !endpoint.Wrapper.IsStatic)
            .SelectMany(endpoint => endpoint.Wrapper.DeclaringType!.GetConstructors().Single().GetParameters()
                .Where(parameter => !registered.IsService(parameter.ParameterType))
                .Select(parameter => $"{endpoint.FunctionName} ({endpoint.Wrapper.DeclaringType!.Name}): no service for {parameter.ParameterType.Name} {parameter.Name}"))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("The local host cannot create these HTTP functions' classes:\n" + string.Join('\n', missing));
        }
    }

    /// <summary>The Functions host's router over <see cref="All"/>, each function running its wrapper.</summary>
    public static IRouter Router(IInlineConstraintResolver constraintResolver)
    {
        var byName = All.ToDictionary(endpoint => endpoint.FunctionName, StringComparer.OrdinalIgnoreCase);
        return FunctionsHostRouteTable.Build(Declarations, constraintResolver, declaration => async context =>
        {
            // The request's span is named after its route, as endpoint routing would name it (the router sets no endpoint).
            if (System.Diagnostics.Activity.Current is { } span)
            {
                var route = $"/{FunctionsHostRouteTable.RoutePrefix}/{declaration.Route}";
                span.DisplayName = $"{context.Request.Method} {route}";
                span.SetTag("http.route", route);
            }

            var result = await byName[declaration.FunctionName].Handle(context);
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        });
    }

    public static void Map(IApplicationBuilder app)
    {
        EnsureCreatable(app.ApplicationServices);
        app.UseRouter(Router(app.ApplicationServices.GetRequiredService<IInlineConstraintResolver>()));
    }

    /// <summary>
    /// How the worker fills a parameter of an HTTP function, for the kinds the app's wrappers use: the trigger's
    /// <see cref="HttpRequest"/> (ASP.NET Core integration), a <see cref="string"/> from the route value of its name,
    /// the <see cref="CancellationToken"/> of the invocation (here the request's), and the <c>[DurableClient]</c>
    /// <see cref="DurableTaskClient"/> (here the local host's client over its sidecar). Any other parameter is an error:
    /// the worker could bind it from something the local host does not have (a query value, the body, a
    /// <see cref="FunctionContext"/>), and serving it differently would make the hosts differ silently.
    /// </summary>
    private static Func<HttpContext, object?> Bind(ParameterInfo parameter, string route, List<string> errors)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
        {
            if (type != typeof(HttpRequest))
            {
                errors.Add($"the trigger parameter {parameter.Name} is {type.Name}; the local host passes an HttpRequest");
            }

            return context => context.Request;
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (type == typeof(DurableTaskClient) && parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return context => context.RequestServices.GetRequiredService<DurableTaskClient>();
        }

        if (type == typeof(string) && RoutePatternFactory.Parse(route).GetParameter(parameter.Name!) is { } routeParameter)
        {
            return context => context.GetRouteValue(routeParameter.Name)?.ToString() ?? string.Empty;
        }

        errors.Add($"the local host cannot bind parameter {type.Name} {parameter.Name} (route \"{route}\")");
        return _ => null;
    }

    /// <summary>Calls the wrapper and awaits it: the app's wrappers answer an <see cref="IActionResult"/> or a task of one.</summary>
    private static Func<object?, object?[], Task<IActionResult>> Invoker(MethodInfo method, List<string> errors)
    {
        // DoNotWrapExceptions: a handler's exception reaches the edge's catch-all as itself, as when called directly.
        object? Call(object? instance, object?[] arguments) =>
            method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);

        if (method.ReturnType == typeof(Task<IActionResult>))
        {
            return (instance, arguments) => (Task<IActionResult>)Call(instance, arguments)!;
        }

        if (method.ReturnType == typeof(IActionResult))
        {
            return (instance, arguments) => Task.FromResult((IActionResult)Call(instance, arguments)!);
        }

        errors.Add($"it answers {method.ReturnType.Name}; the local host runs IActionResult or Task<IActionResult>");
        return (_, _) => Task.FromResult<IActionResult>(new StatusCodeResult(StatusCodes.Status500InternalServerError));
    }
}
