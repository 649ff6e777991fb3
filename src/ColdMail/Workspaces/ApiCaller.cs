using ColdMail.Storage.Entities;

namespace ColdMail.Workspaces;

/// <summary>Who is calling the HTTP API: the workspace and role of the bearer token presented.</summary>
public sealed record ApiCaller(Workspace Workspace, Role Role, Guid TokenId);
