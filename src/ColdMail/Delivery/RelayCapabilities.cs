namespace ColdMail.Delivery;

/// <summary>What a server's EHLO reply offers, of what delivery uses (RFC 5321 §4.1.1.1).</summary>
public sealed class RelayCapabilities
{
    public static readonly RelayCapabilities None = new();

    /// <summary>RFC 2920: commands may be sent in groups.</summary>
    public bool Pipelining { get; private init; }

    /// <summary>RFC 1870: the size may be declared; the server's limit, 0 when it names none.</summary>
    public long? Size { get; private init; }

    /// <summary>RFC 6152.</summary>
    public bool EightBitMime { get; private init; }

    /// <summary>RFC 6531.</summary>
    public bool SmtpUtf8 { get; private init; }

    /// <summary>RFC 3207.</summary>
    public bool StartTls { get; private init; }

    /// <summary>RFC 4954: the SASL mechanisms offered, in upper case.</summary>
    public IReadOnlySet<string> AuthMechanisms { get; private init; } = new HashSet<string>();

    /// <summary>Reads the keyword lines of an EHLO reply; the first line greets and is skipped.</summary>
    public static RelayCapabilities Parse(string replyText)
    {
        var pipelining = false;
        var eightBit = false;
        var utf8 = false;
        var startTls = false;
        long? size = null;
        var auth = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in replyText.Split('\n').Skip(1))
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }
            var keyword = words[0].ToUpperInvariant();
            switch (keyword)
            {
                case "PIPELINING":
                    pipelining = true;
                    break;
                case "8BITMIME":
                    eightBit = true;
                    break;
                case "SMTPUTF8":
                    utf8 = true;
                    break;
                case "STARTTLS":
                    startTls = true;
                    break;
                case "SIZE":
                    size = words.Length > 1 && long.TryParse(words[1], out var limit) && limit > 0 ? limit : 0;
                    break;
                case "AUTH":
                    auth.UnionWith(words.Skip(1).Select(w => w.ToUpperInvariant()));
                    break;
                default:
                    // Some servers still send the pre-standard "AUTH=PLAIN LOGIN" form.
                    if (keyword.StartsWith("AUTH=", StringComparison.Ordinal))
                    {
                        auth.Add(keyword[5..]);
                        auth.UnionWith(words.Skip(1).Select(w => w.ToUpperInvariant()));
                    }
                    break;
            }
        }
        return new RelayCapabilities
        {
            Pipelining = pipelining,
            EightBitMime = eightBit,
            SmtpUtf8 = utf8,
            StartTls = startTls,
            Size = size,
            AuthMechanisms = auth,
        };
    }
}
