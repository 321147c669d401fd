using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Drafts;

/// <summary>
/// The different addresses a draft's resume link went to, kept on the draft as truncated hashes: a draft cannot be
/// used to spray its link (and the commune's sender name) over a list of addresses.
/// </summary>
public static class DraftLinkRecipients
{
    /// <summary>True when the link may go to this address: it already did, or the draft has room for one more.</summary>
    public static bool Allows(DraftRecord draft, string address, int limit)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var known = Known(draft);
        return known.Contains(Hash(address)) || known.Count < limit;
    }

    /// <summary>Records the address (once) on the draft; the caller saves the draft.</summary>
    public static void Add(DraftRecord draft, string address)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var known = Known(draft);
        if (!known.Contains(Hash(address)))
        {
            draft.LinkRecipients = string.Join(',', known.Append(Hash(address)));
        }
    }

    private static List<string> Known(DraftRecord draft) =>
        [.. draft.LinkRecipients.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static string Hash(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())))[..16];
    }
}
