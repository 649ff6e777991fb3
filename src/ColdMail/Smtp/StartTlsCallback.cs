using System.IO.Pipelines;

namespace ColdMail.Smtp;

/// <summary>Runs the server side of a TLS handshake over a plain connection and returns the protected one.</summary>
public delegate ValueTask<IDuplexPipe> StartTlsCallback(IDuplexPipe plain, CancellationToken cancellationToken);
