using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ColdMail.Smtp.Commands;

/// <summary>
/// AUTH (RFC 4954) with PLAIN (RFC 4616), with or without an initial response, and LOGIN. The
/// credentials go to the policy; the engine only decodes them. Secrets never leave this class except
/// as arguments to <see cref="ISubmissionHandler.LoginAsync"/>.
/// </summary>
public sealed class AuthHandler : ISmtpCommandHandler
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        var parts = command.Argument.Split(' ');
        if (parts.Length > 2 || parts[0].Length == 0)
        {
            return SmtpReplies.InvalidArguments("Syntax: AUTH mechanism [initial-response]");
        }
        var mechanism = parts[0].ToUpperInvariant() switch
        {
            "PLAIN" => SaslMechanism.Plain,
            "LOGIN" => SaslMechanism.Login,
            _ => (SaslMechanism?)null,
        };
        if (mechanism is null)
        {
            return SmtpReplies.AuthMechanismUnknown;
        }

        if (parts.Length == 1)
        {
            session.Auth = new PendingAuth(mechanism.Value);
            return mechanism == SaslMechanism.Plain ? SmtpReplies.AuthContinue : SmtpReplies.LoginUserNamePrompt;
        }
        // RFC 4954 §4: "=" is an initial response of zero length.
        var initial = parts[1] == "=" ? string.Empty : parts[1];
        session.Auth = new PendingAuth(mechanism.Value);
        return await ContinueAsync(session, initial, cancellationToken);
    }

    /// <summary>A line sent in answer to a 334 challenge.</summary>
    public async ValueTask<SmtpOutcome> ContinueAsync(
        SmtpSessionState session,
        string line,
        CancellationToken cancellationToken)
    {
        var pending = session.Auth ?? throw new InvalidOperationException("No AUTH exchange is open.");
        session.Auth = null;
        // RFC 4954 §4: "*" cancels the exchange, answered with 501.
        if (line == "*")
        {
            return SmtpReplies.AuthCancelled;
        }
        if (!TryDecode(line, out var decoded))
        {
            return SmtpReplies.AuthResponseMalformed;
        }

        if (pending.Mechanism == SaslMechanism.Login && pending.UserName is null)
        {
            session.Auth = pending with { UserName = decoded };
            return SmtpReplies.LoginPasswordPrompt;
        }
        if (pending.Mechanism == SaslMechanism.Login)
        {
            return await LoginAsync(session, pending.UserName!, decoded, cancellationToken);
        }
        return await PlainAsync(session, decoded, cancellationToken);
    }

    // RFC 4616 §2: message = [authzid] NUL authcid NUL passwd.
    private static async ValueTask<SmtpOutcome> PlainAsync(
        SmtpSessionState session,
        string message,
        CancellationToken cancellationToken)
    {
        var parts = message.Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return SmtpReplies.AuthResponseMalformed;
        }
        // A mailbox may act only as itself: an authorization identity must name the same mailbox.
        if (parts[0].Length > 0 && !string.Equals(parts[0], parts[1], StringComparison.OrdinalIgnoreCase))
        {
            return SmtpReplies.AuthenticationFailed;
        }
        return await LoginAsync(session, parts[1], parts[2], cancellationToken);
    }

    private static async ValueTask<SmtpOutcome> LoginAsync(
        SmtpSessionState session,
        string userName,
        string password,
        CancellationToken cancellationToken)
    {
        if (userName.Length == 0 || password.Length == 0)
        {
            return SmtpReplies.AuthResponseMalformed;
        }
        var outcome = await session.Handler.LoginAsync(session.Context, userName, password, cancellationToken);
        if (outcome.Sender is not null && outcome.Reply.Code == 235)
        {
            session.Context.Sender = outcome.Sender;
        }
        return outcome.Reply;
    }

    private static bool TryDecode(string line, out string decoded)
    {
        decoded = string.Empty;
        if (line.Length == 0)
        {
            return true;
        }
        var ascii = Encoding.ASCII.GetBytes(line);
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(ascii.Length));
        try
        {
            if (Base64.DecodeFromUtf8(ascii, buffer, out _, out var written) != OperationStatus.Done)
            {
                return false;
            }
            decoded = StrictUtf8.GetString(buffer, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            // The buffer held a password: clear it before it returns to the shared pool.
            Array.Clear(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
