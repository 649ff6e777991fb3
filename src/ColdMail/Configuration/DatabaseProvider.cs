namespace ColdMail.Configuration;

public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}
