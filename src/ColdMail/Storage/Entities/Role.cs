namespace ColdMail.Storage.Entities;

/// <summary>What a member or API token may do inside one workspace, from most to least power.</summary>
public enum Role
{
    Owner = 0,
    Admin = 1,
    Sender = 2,
    Viewer = 3,
}
