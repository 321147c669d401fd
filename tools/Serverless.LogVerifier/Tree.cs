using System.Security.Cryptography;

namespace Serverless.LogVerifier;

/// <summary>RFC 6962 section 2.1, written again from the RFC: leaf SHA-256(0x00 ‖ d), node SHA-256(0x01 ‖ l ‖ r), MTH split at the largest power of two below n.</summary>
public static class Tree
{
    public static byte[] Leaf(byte[] data) => SHA256.HashData([0x00, .. data]);

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    public static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return Node(Root(leaves, start, start + k), Root(leaves, start + k, end));
    }
}
