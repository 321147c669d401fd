namespace Serverless.IntegrationTests;

/// <summary>
/// Where the real services are: <c>scripts/test.sh</c> starts Azurite and maildev on free ports and exports these.
/// A missing variable fails loudly rather than skipping: these tests must run.
/// </summary>
internal static class TestEnvironment
{
    public static string StorageConnectionString => Required("TEST_STORAGE_CONNECTION");

    public static int SmtpPort => int.Parse(Required("TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static Uri MaildevUrl => new(Required("TEST_MAILDEV_URL"));

    /// <summary>The local FranceConnect provider that test.sh starts (tools/franceconnect-local).</summary>
    public static string FranceConnectIssuer => Required("TEST_FRANCECONNECT_ISSUER");

    /// <summary>The local PayFiP that test.sh starts (tools/payfip-local): its service and payment page are under it.</summary>
    public static Uri PayFipUrl => new(Required("TEST_PAYFIP_URL"));
    /// <summary>The API Particulier simulator that test.sh starts (tools/api-particulier-local), its token the simulator's default.</summary>
    public static Uri ApiParticulierUrl => new(Required("TEST_API_PARTICULIER_URL"));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./scripts/test.sh, which starts Azurite and maildev.");

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}
