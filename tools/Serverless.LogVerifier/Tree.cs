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

    /// <summary>RFC 9162 section 2.1.3.2: does the audit path take the leaf hash at <paramref name="index"/> to the root of a tree of <paramref name="size"/> leaves?</summary>
    public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> path, byte[] root)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index >= size)
        {
            return false;
        }

        long fn = index;
        long sn = size - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }
}
