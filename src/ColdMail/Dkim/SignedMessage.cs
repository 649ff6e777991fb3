namespace ColdMail.Dkim;

/// <summary>A signed message as it goes on the wire: the <see cref="Signatures"/> fields, then the message.</summary>
public readonly record struct SignedMessage(ReadOnlyMemory<byte> Signatures, ReadOnlyMemory<byte> Message);
