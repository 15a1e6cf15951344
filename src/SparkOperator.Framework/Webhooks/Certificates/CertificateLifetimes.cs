namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// How long a webhook CA and its serving certificate live, and when they are renewed. Renewal is
/// computed from the configured lifetime, not from a certificate's own dates: certificates are
/// back-dated for clock skew, and short test lifetimes must not look expiring from birth.
/// </summary>
public sealed record CertificateLifetimes
{
    /// <summary>One year, as for both the CA and the serving certificate by default.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    /// <summary>The most a certificate is renewed ahead of its expiry unless <see cref="RenewBefore"/> says otherwise.</summary>
    public static readonly TimeSpan DefaultRenewalWindow = TimeSpan.FromDays(30);

    /// <summary>How far certificates are back-dated, for API servers whose clock is behind.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The lifetimes used when nothing is configured.</summary>
    public static CertificateLifetimes Default { get; } = new();

    /// <summary>Lifetime of the CA.</summary>
    public TimeSpan Ca { get; init; } = DefaultLifetime;

    /// <summary>Lifetime of the serving certificate (never beyond the CA's end).</summary>
    public TimeSpan Certificate { get; init; } = DefaultLifetime;

    /// <summary>Renew when less than this is left; null: a quarter of the lifetime, at most 30 days.</summary>
    public TimeSpan? RenewBefore { get; init; }

    /// <summary>The renewal window for a certificate of <paramref name="lifetime"/>.</summary>
    public TimeSpan RenewalWindow(TimeSpan lifetime) =>
        RenewBefore ?? TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 4, DefaultRenewalWindow.Ticks));
}
