using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Spark;

/// <summary>
/// The one reading of a logFileDirectory, shared by the SparkApplication that writes event logs and
/// the SparkHistoryServer that reads them, so both always agree on the directory.
/// </summary>
public static class EventLogLocation
{
    /// <summary>
    /// The directory URI Spark is given. A claim's path is mounted as the volume's subPath, which the
    /// kubelet creates when missing: Spark refuses to start an application whose event-log directory
    /// does not exist.
    /// </summary>
    public static string Uri(LogFileDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.S3 is { } s3)
        {
            var prefix = s3.Prefix.Trim('/');
            return string.IsNullOrEmpty(s3.Bucket) ? $"s3a://{prefix}" : $"s3a://{s3.Bucket}/{prefix}";
        }

        if (directory.PersistentVolumeClaim is not null)
        {
            return "file://" + OwnedPaths.EventLogDirectory;
        }

        return directory.CustomLogDirectory ?? "";
    }

    /// <summary>The claim's volume, when the directory is one.</summary>
    public static V1Volume? Volume(LogFileDirectory? directory) =>
        directory?.PersistentVolumeClaim is { } claim
            ? new V1Volume { Name = OwnedPaths.EventLogVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim.ClaimName } }
            : null;

    /// <summary>Where the claim is mounted, when the directory is one.</summary>
    public static V1VolumeMount? Mount(LogFileDirectory? directory, bool readOnly) =>
        directory?.PersistentVolumeClaim is { } claim
            ? new V1VolumeMount
            {
                Name = OwnedPaths.EventLogVolume,
                MountPath = OwnedPaths.EventLogDirectory,
                SubPath = string.IsNullOrEmpty(claim.Path) ? null : claim.Path.Trim('/'),
                ReadOnlyProperty = readOnly ? true : null,
            }
            : null;
}
