using ColdMail.Common;
using ColdMail.Storage.Entities;
using ColdMail.Workspaces;

namespace ColdMail.Tests.Workspaces;

public sealed class RolesTests
{
    [Theory]
    [InlineData("owner", Role.Owner)]
    [InlineData("ADMIN", Role.Admin)]
    [InlineData(" Sender ", Role.Sender)]
    [InlineData("viewer", Role.Viewer)]
    public void A_role_name_is_read_whatever_its_case(string text, Role expected)
    {
        Assert.Equal(expected, Roles.Parse(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("root")]
    [InlineData("Owner,Admin")]
    public void Numbers_and_other_words_are_not_roles(string text)
    {
        var error = Assert.Throws<ResourceException>(() => Roles.Parse(text));

        Assert.EndsWith("use one of owner, admin, sender, viewer.", error.Message);
    }
}
