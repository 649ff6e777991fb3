namespace ColdMail.Domains;

/// <summary>
/// Names under which anyone may register a domain, so that no one owns the name itself: a sending domain must
/// sit below one, and DMARC's organisational domain is one label below the longest (RFC 7489 section 3.2).
/// </summary>
// Limitation: a short embedded list, not the full Public Suffix List: the server may have no network to fetch
// it. Every single-label name counts as a suffix; a multi-label suffix missing here is taken for a domain.
public static class PublicSuffixes
{
    private static readonly HashSet<string> MultiLabel = new(StringComparer.Ordinal)
    {
        // United Kingdom, Australia, New Zealand, Ireland.
        "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "ac.uk", "gov.uk", "nhs.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
        "co.nz", "net.nz", "org.nz", "ac.nz", "govt.nz", "geek.nz", "school.nz",
        // Asia.
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ed.jp", "ad.jp",
        "co.kr", "or.kr", "ne.kr", "re.kr", "go.kr", "ac.kr",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
        "com.hk", "net.hk", "org.hk", "edu.hk", "gov.hk",
        "com.tw", "net.tw", "org.tw", "edu.tw", "gov.tw",
        "com.sg", "net.sg", "org.sg", "edu.sg", "gov.sg",
        "com.my", "net.my", "org.my", "edu.my", "gov.my",
        "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "edu.in", "gov.in",
        "co.id", "or.id", "web.id", "ac.id", "go.id",
        "co.th", "in.th", "or.th", "ac.th", "go.th",
        "com.ph", "net.ph", "org.ph", "com.vn", "net.vn", "org.vn", "com.pk", "net.pk", "org.pk",
        "co.il", "org.il", "net.il", "ac.il", "gov.il",
        "com.sa", "net.sa", "org.sa", "com.tr", "net.tr", "org.tr", "gen.tr", "biz.tr",
        "ae.org", "com.qa", "com.kw", "com.bh", "com.om",
        // Americas.
        "com.br", "net.br", "org.br", "gov.br", "edu.br", "art.br", "blog.br",
        "com.mx", "net.mx", "org.mx", "gob.mx", "edu.mx",
        "com.ar", "net.ar", "org.ar", "gob.ar", "com.co", "net.co", "org.co", "com.pe", "com.ve",
        "com.uy", "com.ec", "com.bo", "com.py", "cl.com",
        "qc.ca", "on.ca", "bc.ca", "ab.ca",
        // Africa and Europe.
        "co.za", "org.za", "net.za", "gov.za", "web.za", "com.ng", "org.ng", "com.eg", "co.ke", "or.ke",
        "com.gh", "co.tz", "co.ug", "co.zw", "com.ua", "org.ua", "net.ua", "com.ru", "org.ru", "net.ru",
        "com.pl", "net.pl", "org.pl", "com.gr", "com.cy", "com.mt", "co.at", "or.at", "gv.at", "com.es",
        "org.es", "nom.es", "com.pt", "co.hu", "co.it", "co.no", "priv.no",
        // Shared hosting where each customer gets a sub-domain.
        "github.io", "gitlab.io", "herokuapp.com", "blogspot.com", "appspot.com", "firebaseapp.com",
        "web.app", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "azurewebsites.net",
        "cloudfront.net", "s3.amazonaws.com", "wordpress.com", "wixsite.com", "myshopify.com",
        "glitch.me", "onrender.com", "fly.dev", "ngrok.io", "duckdns.org", "no-ip.org", "dyndns.org",
    };

    /// <summary>True when no one owns the name itself: any single label, or a listed multi-label suffix.</summary>
    public static bool IsPublicSuffix(string asciiName) =>
        !asciiName.Contains('.') || MultiLabel.Contains(asciiName);

    /// <summary>The registered domain a name belongs to: its longest public suffix plus one label.</summary>
    public static string OrganisationalDomain(string asciiName)
    {
        var labels = asciiName.Split('.');
        for (var take = labels.Length - 1; take >= 2; take--)
        {
            var suffix = string.Join('.', labels[^take..]);
            if (MultiLabel.Contains(suffix))
            {
                return string.Join('.', labels[^(take + 1)..]);
            }
        }
        return labels.Length <= 2 ? asciiName : string.Join('.', labels[^2..]);
    }
}
