using ColdMail.Queue;

namespace ColdMail.Tests.Queue;

public sealed class RecentBodiesTests
{
    [Fact]
    public void A_remembered_body_is_found_by_its_message()
    {
        var bodies = new RecentBodies(100);
        var id = Guid.NewGuid();
        var content = new byte[10];

        bodies.Remember(id, content);

        Assert.Same(content, bodies.Find(id));
        Assert.Null(bodies.Find(Guid.NewGuid()));
    }

    [Fact]
    public void Past_the_budget_the_oldest_bodies_go_first()
    {
        var bodies = new RecentBodies(100);
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();

        ids.ForEach(id => bodies.Remember(id, new byte[40]));

        Assert.Equal([false, false, true, true], ids.Select(id => bodies.Find(id) is not null));
        Assert.Equal(2, bodies.Count);
    }

    [Fact]
    public void A_body_larger_than_the_whole_budget_is_not_kept_and_evicts_nothing()
    {
        var bodies = new RecentBodies(100);
        var kept = Guid.NewGuid();
        bodies.Remember(kept, new byte[60]);

        bodies.Remember(Guid.NewGuid(), new byte[101]);

        Assert.NotNull(bodies.Find(kept));
        Assert.Equal(1, bodies.Count);
    }
}
