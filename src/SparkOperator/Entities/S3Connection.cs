using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("How Spark reaches S3 for s3a:// paths.")]
public sealed class S3Connection
{
    [Description("The S3 endpoint URL, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000 (spark.hadoop.fs.s3a.endpoint).")]
    public string? Endpoint { get; set; }

    [Description("The S3 region (spark.hadoop.fs.s3a.endpoint.region).")]
    public string? Region { get; set; }

    [Description("Use path-style addressing (http://endpoint/bucket) instead of virtual hosts, as MinIO needs (spark.hadoop.fs.s3a.path.style.access).")]
    public bool? PathStyleAccess { get; set; }

    [Description("Secret with the access and secret key. The keys reach Spark through environment variables, never the command line. Absent means anonymous access.")]
    public S3CredentialsSecret? CredentialsSecret { get; set; }

    [Description("TLS settings for the endpoint.")]
    public S3Tls? Tls { get; set; }
}

[Description("A Secret in the application's namespace with S3 credentials.")]
public sealed class S3CredentialsSecret
{
    [Required]
    [Description("Name of the Secret.")]
    public string Name { get; set; } = "";

    [Description("Key of the access key id in the Secret. Defaults to accessKey.")]
    public string? AccessKeyKey { get; set; }

    [Description("Key of the secret access key in the Secret. Defaults to secretKey.")]
    public string? SecretKeyKey { get; set; }
}

[Description("TLS settings of the S3 endpoint.")]
public sealed class S3Tls
{
    [Description("Verify the endpoint's certificate. Only true (the default) is accepted: Hadoop's S3A client cannot skip the check; trust a private CA with caSecret instead.")]
    public bool? Verify { get; set; }

    [Description("Secret holding the CA certificate (key ca.crt) that signed the endpoint's certificate.")]
    public S3CaSecret? CaSecret { get; set; }
}

[Description("A Secret holding a CA certificate.")]
public sealed class S3CaSecret
{
    [Required]
    [Description("Name of the Secret.")]
    public string Name { get; set; } = "";

    [Description("Key of the PEM certificate in the Secret. Defaults to ca.crt.")]
    public string? Key { get; set; }
}
