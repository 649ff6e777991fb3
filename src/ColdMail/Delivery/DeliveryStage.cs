namespace ColdMail.Delivery;

/// <summary>Where in a delivery attempt a result was seen; the same code means different things at each.</summary>
public enum DeliveryStage
{
    /// <summary>Before any connection: the message could not be prepared or signed.</summary>
    Local = 0,

    /// <summary>Looking up where the recipient's domain takes mail.</summary>
    Routing = 1,

    /// <summary>Opening a TCP connection.</summary>
    Connect = 2,

    /// <summary>The greeting, EHLO and STARTTLS.</summary>
    Session = 3,

    /// <summary>AUTH at a smarthost: a failure is our configuration, never the recipient's fault.</summary>
    Authenticate = 4,

    MailFrom = 5,

    RcptTo = 6,

    /// <summary>DATA, the content and the reply after it: the only stage whose success is final.</summary>
    Data = 7,
}
