namespace Serverless.Core.Edge;

/// <summary>
/// A request body that refuses to be read past a limit: the size is measured while the bytes stream in, so a chunked
/// body (no <c>Content-Length</c>) is stopped as soon as it is too large instead of being buffered whole.
/// </summary>
public sealed class LimitedBodyStream(Stream inner, long limit) : Stream
{
    /// <summary>How much of a refused body is still read and discarded, so the client gets the answer, not a reset.</summary>
    public const long DrainLimit = 64L * 1024 * 1024;

    private long read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads and discards what is left of the body (up to <see cref="DrainLimit"/>).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        try
        {
            int count;
            while (total < DrainLimit && (count = await inner.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += count;
            }
        }
        catch (IOException)
        {
            // The client gave up sending, or the server's own limit was reached (BadHttpRequestException is an
            // IOException): the connection closes, as it would anyway.
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int count)
    {
        read += count;
        if (read > Limit)
        {
            throw RequestRefusedException.TooLarge(Limit);
        }

        return count;
    }
}
