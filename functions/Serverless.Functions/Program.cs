using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Serverless.Core;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Serverless.Functions.EdgeMiddleware>();
builder.Services.AddCitizenServices(builder.Configuration);
builder.Build().Run();
