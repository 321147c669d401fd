using System.Security.Cryptography;

namespace Serverless.Core.Transparency;

/// <summary>
/// RFC 6962 (section 2.1) Merkle tree hashing and the proofs of RFC 9162 (section 2.1.3, 2.1.4): leaf hashes are
/// SHA-256(0x00 ‖ data), interior nodes SHA-256(0x01 ‖ left ‖ right), the split point the largest power of two
/// below the size. Pure code: the log's storage, the HTTP proofs and the tests share it.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[data.Length + 1];
        data.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[start:end]) over leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var size = end - start;
        if (size == 0)
        {
            return EmptyRoot;
        }

        if (size == 1)
        {
            return leafHashes[start];
        }

        var split = LargestPowerOfTwoBelow(size);
        return NodeHash(Root(leafHashes, start, start + split), Root(leafHashes, start + split, end));
    }

    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) => Root(leafHashes, 0, leafHashes?.Count ?? 0);

    /// <summary>PATH(m, D[0:n]): the audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index, int size)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, leafHashes.Count);
        var proof = new List<byte[]>();
        Path(leafHashes, index, 0, size, proof);
        return proof;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int index, int start, int end, List<byte[]> proof)
    {
        var size = end - start;
        if (size <= 1)
        {
            return;
        }

        var split = LargestPowerOfTwoBelow(size);
        if (index < split)
        {
            Path(leaves, index, start, start + split, proof);
            proof.Add(Root(leaves, start + split, end));
        }
        else
        {
            Path(leaves, index - split, start + split, end, proof);
            proof.Add(Root(leaves, start, start + split));
        }
    }

    /// <summary>PROOF(m, D[0:n]): shows that the tree of the first <paramref name="first"/> leaves is a prefix of the tree of <paramref name="second"/>.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int first, int second)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(second, leafHashes.Count);
        var proof = new List<byte[]>();
        SubProof(leafHashes, first, 0, second, true, proof);
        return proof;
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Root(leaves, start, end));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, complete, proof);
            proof.Add(Root(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, false, proof);
            proof.Add(Root(leaves, start, start + k));
        }
    }

    /// <summary>RFC 9162 section 2.1.3.2: the root that a leaf hash and its audit path lead to, or null when the proof has the wrong shape.</summary>
    public static byte[]? RootFromInclusionProof(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size)
        {
            return null;
        }

        long fn = index;
        long sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
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
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root) =>
        RootFromInclusionProof(index, size, leafHash, proof) is { } computed && CryptographicOperations.FixedTimeEquals(computed, root);

    /// <summary>RFC 9162 section 2.1.4.2: true when the proof shows that <paramref name="firstRoot"/> (size m) is a prefix of <paramref name="secondRoot"/> (size n).</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (first <= 0 || first > second)
        {
            return false;
        }

        if (first == second)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        var path = new List<byte[]>(proof);
        if (IsPowerOfTwo(first))
        {
            path.Insert(0, firstRoot.ToArray());
        }

        if (path.Count == 0)
        {
            return false;
        }

        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    /// <summary>
    /// Appends a leaf to a compact range (the roots of the perfect subtrees that make up a tree of this size, left to
    /// right): what the sequencer keeps so that a checkpoint's root needs no read of the leaves.
    /// </summary>
    public static List<byte[]> Append(IReadOnlyList<byte[]> frontier, long size, byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        var next = new List<byte[]>(frontier);
        var hash = leafHash;
        for (var count = size; (count & 1) == 1; count >>= 1)
        {
            hash = NodeHash(next[^1], hash);
            next.RemoveAt(next.Count - 1);
        }

        next.Add(hash);
        return next;
    }

    /// <summary>The root of the tree a compact range describes (the subtrees folded from the right).</summary>
    public static byte[] RootOfFrontier(IReadOnlyList<byte[]> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        if (frontier.Count == 0)
        {
            return EmptyRoot;
        }

        var root = frontier[^1];
        for (var i = frontier.Count - 2; i >= 0; i--)
        {
            root = NodeHash(frontier[i], root);
        }

        return root;
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
