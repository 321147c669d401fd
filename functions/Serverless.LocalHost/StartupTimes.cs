namespace Serverless.LocalHost;

/// <summary>
/// The phases of the local host's start, in order: the storage endpoints accept a connection, the task hub exists
/// (queues, tables, containers) and its sidecar listens, the web app and its background loops have started.
/// </summary>
public sealed record StartupTimes(TimeSpan StorageReached, TimeSpan TaskHubReady, TimeSpan AppStarted);
