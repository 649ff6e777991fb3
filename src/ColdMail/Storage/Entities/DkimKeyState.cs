namespace ColdMail.Storage.Entities;

/// <summary>The life of one DKIM key pair.</summary>
public enum DkimKeyState
{
    /// <summary>Created; its record may not be published yet, so nothing is signed with it.</summary>
    Pending = 0,

    /// <summary>The key that signs the domain's mail.</summary>
    Active = 1,

    /// <summary>Replaced by a newer key; its record stays valid during the rotation grace period.</summary>
    Retired = 2,
}
