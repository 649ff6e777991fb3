using System.IO.Pipelines;
using System.Net.Security;

namespace ColdMail.Smtp.Tls;

/// <summary>The protected side of a connection: pipes over an <see cref="SslStream"/> on the plain pipes.</summary>
public sealed class TlsPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly SslStream _stream;

    private TlsPipe(SslStream stream)
    {
        _stream = stream;
        // A whole TLS record (16 KiB, RFC 8446 §5.1) per read keeps large messages moving in few reads.
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(
            bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public SslStream Stream => _stream;

    /// <summary>Runs the server handshake; the caller has already discarded any plaintext left over.</summary>
    public static async ValueTask<TlsPipe> AcceptAsync(
        IDuplexPipe plain,
        SslServerAuthenticationOptions options,
        CancellationToken cancellationToken)
    {
        var stream = new SslStream(new DuplexPipeStream(plain), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsServerAsync(options, cancellationToken);
            return new TlsPipe(stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        try
        {
            // close_notify, so the client sees an orderly end rather than a truncation.
            await _stream.ShutdownAsync();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException
            or InvalidOperationException)
        {
            // The peer is already gone; there is nothing left to tell it.
        }
        await _stream.DisposeAsync();
    }
}
