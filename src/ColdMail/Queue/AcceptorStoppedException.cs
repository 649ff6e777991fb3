namespace ColdMail.Queue;

/// <summary>The acceptor is shutting down and takes no new writes.</summary>
public sealed class AcceptorStoppedException()
    : InvalidOperationException("The message acceptor is stopping and accepts no new writes.");
