using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Where Spark's event logs go (spark.eventLog.dir), so a history server can replay a finished application. Exactly one of s3, persistentVolumeClaim and customLogDirectory.")]
public sealed class LogFileDirectory
{
    [Description("An S3 prefix, reached through the s3connection of the same resource: s3a://<bucket>/<prefix>.")]
    public S3LogDirectory? S3 { get; set; }

    [Description("A PersistentVolumeClaim the operator mounts where Spark writes (the driver) or reads (the history server) event logs; it must be ReadWriteMany when they run on different nodes.")]
    public PvcLogDirectory? PersistentVolumeClaim { get; set; }

    [Description("Any directory URI Spark's Hadoop file systems read, written as-is: hdfs://namenode/spark-logs, s3a://bucket/logs, file:///mnt/logs. The operator mounts nothing and sets no credentials for it.")]
    public string? CustomLogDirectory { get; set; }
}

[Description("Event logs under an S3 prefix.")]
public sealed class S3LogDirectory
{
    [Required]
    [Length(minLength: 1)]
    [Description("The key prefix, e.g. eventlogs/ or team-a/eventlogs. Without bucket its first segment is the bucket: my-bucket/eventlogs.")]
    public string Prefix { get; set; } = "";

    [Description("The bucket. Unset, prefix starts with it.")]
    public string? Bucket { get; set; }
}

[Description("Event logs on a PersistentVolumeClaim of the same namespace.")]
public sealed class PvcLogDirectory
{
    [Required]
    [Description("Name of the PersistentVolumeClaim.")]
    public string ClaimName { get; set; } = "";

    [Description("Directory inside the volume (created when missing); unset, the volume's root.")]
    public string? Path { get; set; }
}
