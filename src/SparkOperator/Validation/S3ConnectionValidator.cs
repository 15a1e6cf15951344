using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>Rules on spec.s3connection: a usable endpoint URL, valid Secret names and no disabled certificate checks.</summary>
internal sealed class S3ConnectionValidator : AbstractValidator<S3Connection>
{
    public S3ConnectionValidator()
    {
        RuleFor(s => s.Endpoint)
            .Must(e => e is null || (e.Length <= ValidationLimits.MaxStringLength && Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0))
            .WithMessage("must be an absolute http:// or https:// URL, e.g. https://s3.eu-central-1.amazonaws.com");
        RuleFor(s => s.Region).MaximumLength(253).WithMessage("must be at most 253 characters");
        RuleFor(s => s.CredentialsSecret!).ChildRules(secret =>
            secret.RuleFor(c => c.Name).Must(KubernetesNames.IsDns1123Subdomain).WithMessage("must name a Secret (a DNS-1123 subdomain)"));
        RuleFor(s => s.Tls!).ChildRules(tls =>
        {
            // Hadoop's S3A client has no switch that skips certificate checks, so false would be
            // accepted and silently ignored; Stackable refuses disabled verification the same way.
            tls.RuleFor(t => t.Verify).NotEqual(false)
                .WithMessage("false is not supported: Spark's S3A client always verifies the endpoint's certificate; give the CA that signed it in tls.caSecret, or use an http:// endpoint");
            tls.RuleFor(t => t.CaSecret!).ChildRules(ca =>
                ca.RuleFor(c => c.Name).Must(KubernetesNames.IsDns1123Subdomain).WithMessage("must name a Secret (a DNS-1123 subdomain)"));
        });
    }
}
