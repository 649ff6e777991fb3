using ColdMail.Storage.Entities;

namespace ColdMail.Delivery;

/// <summary>One leased recipient and where the attempt left it.</summary>
public sealed record RecipientOutcome(MessageRecipient Recipient, DeliveryOutcome Outcome);
