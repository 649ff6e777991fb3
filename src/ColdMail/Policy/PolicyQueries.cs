using System.Data.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;

namespace ColdMail.Policy;

/// <summary>
/// The reads the policy makes, each one look-up by key. They run several times per message (the standing at
/// MAIL, every RCPT and DATA, so that an admin's change applies at the next command), so they are hand-written
/// statements on the database's <see cref="StatementPool"/>: through EF Core each cost more than the database
/// spends answering it.
/// </summary>
internal sealed class PolicyQueries(ColdMailDatabase database)
{
    private const string CandidatesSql = """
        SELECT k.id, k.secret_hash, k.is_enabled, m.id, m.domain_id, m.workspace_id, m.address
        FROM mailboxes AS m
        JOIN auth_keys AS k ON k.mailbox_id = m.id
        WHERE m.address = @p0
        """;

    private const string StandingSql = """
        SELECT k.is_enabled,
            m.id, m.workspace_id, m.domain_id, m.address, m.display_name, m.is_active, m.paused_at,
            m.pause_reason, m.paused_by, m.daily_limit, m.created_at,
            d.id, d.workspace_id, d.name, d.created_at, d.verification_state, d.verified_at, d.failing_since,
            d.last_checked_at, d.paused_at, d.pause_reason, d.paused_by, d.hourly_limit, d.daily_limit,
            d.mailbox_daily_limit, d.warmup_start, d.warmup_step, d.sending_started_on, d.sending_hours_start,
            d.sending_hours_end, d.sending_time_zone, d.one_click_unsubscribe
        FROM auth_keys AS k
        JOIN mailboxes AS m ON m.id = k.mailbox_id
        JOIN domains AS d ON d.id = m.domain_id
        WHERE k.id = @p0
        """;

    private const string SuppressionSql = """
        SELECT id, workspace_id, address, reason, detail, created_at
        FROM suppressions
        WHERE workspace_id = @p0 AND address = @p1
        """;

    /// <summary>
    /// Every key of the mailbox with this (normalised) address; empty when there is no such
    /// mailbox.
    /// </summary>
    public Task<List<LoginCandidate>> LoginCandidatesAsync(string address, CancellationToken cancellationToken)
        => database.Statements.RunAsync(async (connection, token) =>
        {
            var candidates = new List<LoginCandidate>();
            var command = connection.Command(CandidatesSql, null, address);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    candidates.Add(new LoginCandidate(
                        reader.GetGuid(0), reader.GetFieldValue<byte[]>(1), reader.GetBoolean(2),
                        reader.GetGuid(3), reader.GetGuid(4), reader.GetGuid(5), reader.GetString(6)));
                }
            }
            finally
            {
                connection.Release(command);
            }
            return candidates;
        }, cancellationToken);

    /// <summary>
    /// The key, mailbox and domain behind a session; null when any of them was removed.
    /// </summary>
    public Task<SenderStanding?> StandingAsync(Guid authKeyId, CancellationToken cancellationToken)
        => database.Statements.RunAsync(async (connection, token) =>
        {
            var command = connection.Command(StandingSql, null, authKeyId);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(token);
                return await reader.ReadAsync(token)
                    ? new SenderStanding(
                        reader.GetBoolean(0), ReadMailbox(connection, reader, 1), ReadDomain(connection, reader, 12))
                    : null;
            }
            finally
            {
                connection.Release(command);
            }
        }, cancellationToken);

    /// <summary>
    /// The workspace's suppression of this (normalised) address, if there is one.
    /// </summary>
    public Task<Suppression?> SuppressionAsync(
        Guid workspaceId,
        string address,
        CancellationToken cancellationToken)
        => database.Statements.RunAsync(async (connection, token) =>
        {
            var command = connection.Command(SuppressionSql, null, workspaceId, address);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(token);
                return await reader.ReadAsync(token)
                    ? new Suppression
                    {
                        Id = reader.GetInt64(0),
                        WorkspaceId = reader.GetGuid(1),
                        Address = reader.GetString(2),
                        Reason = reader.GetString(3),
                        Detail = OptionalString(reader, 4),
                        CreatedAt = connection.ReadTime(reader, 5),
                    }
                    : null;
            }
            finally
            {
                connection.Release(command);
            }
        }, cancellationToken);

    private static Mailbox ReadMailbox(StatementConnection connection, DbDataReader reader, int first) => new()
    {
        Id = reader.GetGuid(first),
        WorkspaceId = reader.GetGuid(first + 1),
        DomainId = reader.GetGuid(first + 2),
        Address = reader.GetString(first + 3),
        DisplayName = OptionalString(reader, first + 4),
        IsActive = reader.GetBoolean(first + 5),
        PausedAt = connection.ReadOptionalTime(reader, first + 6),
        PauseReason = OptionalString(reader, first + 7),
        PausedBy = OptionalString(reader, first + 8),
        DailyLimit = Optional<int>(reader, first + 9),
        CreatedAt = connection.ReadTime(reader, first + 10),
    };

    private static Domain ReadDomain(StatementConnection connection, DbDataReader reader, int first) => new()
    {
        Id = reader.GetGuid(first),
        WorkspaceId = reader.GetGuid(first + 1),
        Name = reader.GetString(first + 2),
        CreatedAt = connection.ReadTime(reader, first + 3),
        VerificationState = Enum.Parse<DomainVerificationState>(reader.GetString(first + 4)),
        VerifiedAt = connection.ReadOptionalTime(reader, first + 5),
        FailingSince = connection.ReadOptionalTime(reader, first + 6),
        LastCheckedAt = connection.ReadOptionalTime(reader, first + 7),
        PausedAt = connection.ReadOptionalTime(reader, first + 8),
        PauseReason = OptionalString(reader, first + 9),
        PausedBy = OptionalString(reader, first + 10),
        HourlyLimit = Optional<int>(reader, first + 11),
        DailyLimit = Optional<int>(reader, first + 12),
        MailboxDailyLimit = reader.GetInt32(first + 13),
        WarmupStart = Optional<int>(reader, first + 14),
        WarmupStep = Optional<int>(reader, first + 15),
        SendingStartedOn = Optional<DateOnly>(reader, first + 16),
        SendingHoursStart = Optional<TimeOnly>(reader, first + 17),
        SendingHoursEnd = Optional<TimeOnly>(reader, first + 18),
        SendingTimeZone = OptionalString(reader, first + 19),
        OneClickUnsubscribe = reader.GetBoolean(first + 20),
    };

    private static string? OptionalString(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static T? Optional<T>(DbDataReader reader, int ordinal)
        where T : struct
        => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
