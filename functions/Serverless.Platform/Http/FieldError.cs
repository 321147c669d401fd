using Serverless.Platform.Localization;

namespace Serverless.Platform.Http;

/// <summary>A problem with one field, in both languages.</summary>
public sealed record FieldError(string Field, Text Message);
