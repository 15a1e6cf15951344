using SparkOperator.Controllers;

namespace SparkOperator.Tests.Controllers;

public class StatusWriteLedgerTests
{
    [Test]
    public void The_version_a_status_was_written_from_is_behind()
    {
        var ledger = new StatusWriteLedger();
        ledger.Written("uid", "41");

        Assert.That(ledger.IsBehind("uid", "41"), Is.True, "the cache still shows the version the write replaced");
        Assert.That(ledger.IsBehind("uid", "42"), Is.False, "a newer version reached the cache");
        Assert.That(ledger.IsBehind("uid", null), Is.False);
        Assert.That(ledger.IsBehind("other", "41"), Is.False, "nothing is known of other applications");
    }

    [Test]
    public void Only_the_last_write_counts()
    {
        var ledger = new StatusWriteLedger();
        ledger.Written("uid", "41");
        ledger.Written("uid", "45");

        Assert.That(ledger.IsBehind("uid", "41"), Is.False);
        Assert.That(ledger.IsBehind("uid", "45"), Is.True);
    }

    [Test]
    public void A_forgotten_application_is_decided_from_the_cache_again()
    {
        var ledger = new StatusWriteLedger();
        ledger.Written("uid", "41");
        ledger.Forget("uid");

        Assert.That(ledger.IsBehind("uid", "41"), Is.False);
    }
}
