using System.Reflection;
using System.Text;

namespace Omnistorage.Core.Tests;

public sealed class HashingTests
{
    [Theory]
    [InlineData("", HashType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("abc", HashType.Md5, "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("", HashType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", HashType.Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("", HashType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", HashType.Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", HashType.Crc32C, "00000000")]
    [InlineData("abc", HashType.Crc32C, "364b3fb7")]
    [InlineData("123456789", HashType.Crc32C, "e3069283")]
    public void MultiHasher_matches_known_vectors(string text, HashType type, string expected)
    {
        var hashes = MultiHasher.Compute(Encoding.ASCII.GetBytes(text), type.ToFlag());

        Assert.Equal(expected, Assert.Single(hashes, h => h.Key == type).Value);
    }

    // RFC 3720 (iSCSI) appendix B.4 test vectors for CRC-32C, covering the 8-byte hardware path with no tail.
    [Theory]
    [InlineData(0, "8a9136aa")]
    [InlineData(1, "62a8ab43")]
    [InlineData(2, "46dd794e")]
    [InlineData(3, "113fdb5c")]
    public void Crc32C_matches_the_RFC_3720_vectors(int pattern, string expected)
    {
        var data = new byte[32];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = pattern switch
            {
                0 => 0x00,
                1 => 0xFF,
                2 => (byte)i,
                _ => (byte)(31 - i),
            };
        }

        Assert.Equal(expected, Crc32C.ToHex(Crc32C.Compute(data)));
    }

    [Fact]
    public void Crc32C_ToHex_is_eight_lowercase_big_endian_digits()
    {
        Assert.Equal("e3069283", Crc32C.ToHex(0xE3069283));
        Assert.Equal("00000001", Crc32C.ToHex(1));
    }

    [Fact]
    public void MultiHasher_computes_every_requested_hash_in_one_pass()
    {
        using var hasher = new MultiHasher(HashTypes.All);
        hasher.Append("abc"u8);

        var hashes = hasher.GetHashes();

        Assert.Equal(4, hashes.Count);
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", hashes[HashType.Md5]);
        Assert.Equal("a9993e364706816aba3e25717850c26c9cd0d89d", hashes[HashType.Sha1]);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashes[HashType.Sha256]);
        Assert.Equal("364b3fb7", hashes[HashType.Crc32C]);
        Assert.Equal(3, hasher.BytesHashed);
        Assert.Equal(HashTypes.All, hasher.Types);
    }

    [Fact]
    public void MultiHasher_with_no_types_returns_nothing()
    {
        Assert.Empty(MultiHasher.Compute("abc"u8, HashTypes.None));
    }

    [Fact]
    public void Appending_in_pieces_equals_hashing_in_one_shot()
    {
        var data = RandomBytes(10_000, seed: 1);
        var expected = MultiHasher.Compute(data, HashTypes.All);

        // Piece sizes around the 8-byte stride of the hardware CRC path, so that state carries across unaligned splits.
        int[] pieceSizes = [1, 7, 8, 9, 3, 16, 15, 17, 0, 1000, 4096];
        using var hasher = new MultiHasher(HashTypes.All);
        var offset = 0;
        for (var i = 0; offset < data.Length; i++)
        {
            var size = Math.Min(pieceSizes[i % pieceSizes.Length], data.Length - offset);
            hasher.Append(data.AsSpan(offset, size));
            offset += size;
        }

        Assert.Equal(expected, hasher.GetHashes());
        Assert.Equal(data.Length, hasher.BytesHashed);
    }

    [Fact]
    public async Task ComputeAsync_over_a_stream_equals_Compute()
    {
        // Larger than ComputeAsync's read buffer, so the hash spans several reads.
        var data = RandomBytes(600_001, seed: 2);
        await using var stream = new MemoryStream(data);

        var fromStream = await MultiHasher.ComputeAsync(stream, HashTypes.All);

        Assert.Equal(MultiHasher.Compute(data, HashTypes.All), fromStream);
    }

    [Fact]
    public async Task ComputeAsync_over_a_stream_returning_short_reads_equals_Compute()
    {
        var data = RandomBytes(5_003, seed: 3);
        await using var stream = new ShortReadStream(data, maxRead: 13);

        var fromStream = await MultiHasher.ComputeAsync(stream, HashTypes.Crc32C | HashTypes.Md5);

        Assert.Equal(MultiHasher.Compute(data, HashTypes.Crc32C | HashTypes.Md5), fromStream);
    }

    [Fact]
    public async Task ComputeAsync_honours_cancellation()
    {
        await using var stream = new MemoryStream(new byte[1024]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await MultiHasher.ComputeAsync(stream, HashTypes.Md5, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Crc32C_hardware_path_equals_an_independent_bitwise_implementation()
    {
        for (var length = 0; length < 80; length++)
        {
            var data = RandomBytes(length, seed: length);
            Assert.Equal(BitwiseCrc32C(data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public void Crc32C_software_table_equals_the_hardware_path()
    {
        // The table-driven path runs only on CPUs without SSE4.2 and is private, so the test drives the same table
        // through the same loop and compares it with what Crc32C.Compute returns on this machine.
        var field = typeof(Crc32C).GetField("Table", BindingFlags.NonPublic | BindingFlags.Static);
        Assert.True(field is not null, "Crc32C.Table was renamed; update this test to reach the software path.");
        var table = Assert.IsType<uint[]>(field.GetValue(null));
        Assert.Equal(256, table.Length);

        for (var length = 0; length < 80; length += 3)
        {
            var data = RandomBytes(length * 7, seed: 100 + length);
            var crc = Crc32C.Initial;
            foreach (var b in data)
            {
                crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            Assert.Equal(Crc32C.Compute(data), Crc32C.Finish(crc));
        }
    }

    [Fact]
    public void Crc32C_Update_continues_from_a_previous_state()
    {
        var data = RandomBytes(123, seed: 9);

        var state = Crc32C.Update(Crc32C.Initial, data.AsSpan(0, 61));
        state = Crc32C.Update(state, data.AsSpan(61));

        Assert.Equal(Crc32C.Compute(data), Crc32C.Finish(state));
    }

    [Theory]
    [InlineData("MD5", HashType.Md5)]
    [InlineData("md5", HashType.Md5)]
    [InlineData("sha1", HashType.Sha1)]
    [InlineData("SHA-1", HashType.Sha1)]
    [InlineData("sha256", HashType.Sha256)]
    [InlineData("sha-256", HashType.Sha256)]
    [InlineData(" Sha256 ", HashType.Sha256)]
    [InlineData("crc32c", HashType.Crc32C)]
    [InlineData("CRC-32C", HashType.Crc32C)]
    public void HashType_names_parse_case_insensitively_with_or_without_dashes(string text, HashType expected)
    {
        Assert.True(HashTypeExtensions.TryParse(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha512")]
    [InlineData("crc32")]
    [InlineData("md 5")]
    [InlineData("Md5Sha1")]
    public void Unknown_hash_names_do_not_parse(string? text)
    {
        Assert.False(HashTypeExtensions.TryParse(text, out _));
    }

    [Fact]
    public void HashTypes_sets_contain_and_enumerate_their_members_in_a_stable_order()
    {
        var set = HashTypes.Crc32C | HashTypes.Md5;

        Assert.True(set.Contains(HashType.Md5));
        Assert.True(set.Contains(HashType.Crc32C));
        Assert.False(set.Contains(HashType.Sha1));
        Assert.Equal([HashType.Md5, HashType.Crc32C], set.Enumerate());
        Assert.Equal(HashTypeExtensions.AllTypes, HashTypes.All.Enumerate());
        Assert.Empty(HashTypes.None.Enumerate());
        Assert.All(HashTypeExtensions.AllTypes, t => Assert.True(HashTypes.All.Contains(t)));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A read-only stream that returns at most a few bytes per read, as network streams often do.</summary>
    private sealed class ShortReadStream(byte[] data, int maxRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
