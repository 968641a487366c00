namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// A forward-only stream between a writer that writes synchronously (the zip and the Open XML SDK's writer) and a
/// response body that takes only asynchronous writes: it gathers what is written and passes it on when
/// <see cref="SendAsync"/> is awaited, so that it holds about one chunk at a time.
/// </summary>
internal sealed class ChunkedBody(Stream body) : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly MemoryStream _chunk = new();

    /// <summary>Whether a chunk's worth has gathered and should be sent before more is written.</summary>
    public bool IsFull => _chunk.Length >= ChunkSize;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes what has gathered to the body and starts the next chunk in the same buffer.</summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_chunk.Length > 0)
        {
            await body.WriteAsync(_chunk.GetBuffer().AsMemory(0, (int)_chunk.Length), cancellationToken).ConfigureAwait(false);
            _chunk.SetLength(0);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => _chunk.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _chunk.Write(buffer);

    public override void WriteByte(byte value) => _chunk.WriteByte(value);

    // What has gathered leaves only through SendAsync: the writers above flush at moments of their own.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunk.Dispose();
        }

        base.Dispose(disposing);
    }
}
