using System.Text;
using Serverless.Core.Transparency;

namespace Serverless.Core.Tests;

/// <summary>RFC 6962 hashing and RFC 9162 proofs: known answers, and every proof of trees up to 40 leaves verifies while a wrong one does not.</summary>
public sealed class MerkleTreeTests
{
    private static List<byte[]> Leaves(int count) => [.. Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"entry {i}")))];

    [Fact]
    public void Root_EmptyAndOneLeaf_MatchRfc6962()
    {
        // RFC 6962 test vectors (certificate-transparency-go merkle tests): MTH({}) and MTH({""}).
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root([])));
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleTree.LeafHash([])));
    }

    [Fact]
    public void Root_TwoLeaves_IsTheNodeOfBoth()
    {
        var leaves = Leaves(2);

        Assert.Equal(MerkleTree.NodeHash(leaves[0], leaves[1]), MerkleTree.Root(leaves));
    }

    [Fact]
    public void RootOfFrontier_AppendedOneByOne_EqualsTheFullRootAtEverySize()
    {
        var leaves = Leaves(70);
        IReadOnlyList<byte[]> frontier = [];
        for (var size = 0; size < leaves.Count; size++)
        {
            frontier = MerkleTree.Append(frontier, size, leaves[size]);
            Assert.Equal(MerkleTree.Root(leaves, 0, size + 1), MerkleTree.RootOfFrontier(frontier));
        }
    }

    [Fact]
    public void VerifyInclusion_EveryLeafOfEverySize_Verifies()
    {
        var leaves = Leaves(40);
        for (var size = 1; size <= leaves.Count; size++)
        {
            var root = MerkleTree.Root(leaves, 0, size);
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleTree.InclusionProof(leaves, index, size);
                Assert.True(MerkleTree.VerifyInclusion(index, size, leaves[index], proof, root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void VerifyInclusion_AnotherLeafOrIndex_IsRefused()
    {
        var leaves = Leaves(13);
        var root = MerkleTree.Root(leaves);
        var proof = MerkleTree.InclusionProof(leaves, 5, 13);

        Assert.False(MerkleTree.VerifyInclusion(5, 13, leaves[6], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(4, 13, leaves[5], proof, root));
    }

    [Fact]
    public void VerifyConsistency_EveryPairOfSizes_VerifiesAndARewrittenPrefixIsRefused()
    {
        var leaves = Leaves(24);
        var rewritten = new List<byte[]>(leaves) { [3] = MerkleTree.LeafHash("forged"u8) };
        for (var second = 1; second <= leaves.Count; second++)
        {
            for (var first = 1; first <= second; first++)
            {
                var proof = MerkleTree.ConsistencyProof(leaves, first, second);
                Assert.True(MerkleTree.VerifyConsistency(first, second, MerkleTree.Root(leaves, 0, first), MerkleTree.Root(leaves, 0, second), proof), $"{first} → {second}");
                if (first > 3 && first < second)
                {
                    var forged = MerkleTree.ConsistencyProof(rewritten, first, second);
                    Assert.False(MerkleTree.VerifyConsistency(first, second, MerkleTree.Root(leaves, 0, first), MerkleTree.Root(rewritten, 0, second), forged), $"forged {first} → {second}");
                }
            }
        }
    }
}
