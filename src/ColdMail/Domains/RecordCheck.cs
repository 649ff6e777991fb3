namespace ColdMail.Domains;

/// <summary>One record's check: its kind, a status from <see cref="CheckStatuses"/>, and what DNS held.</summary>
public sealed record RecordCheck(string Kind, string Status, string? Found)
{
    public bool IsOk => Status == CheckStatuses.Ok;
}
