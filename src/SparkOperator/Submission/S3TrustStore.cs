using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// A private CA for the S3 endpoint (s3connection.tls.caSecret). S3A trusts what the JVM trusts,
/// and the JVM reads no PEM files, so init containers build a PKCS12 truststore from the image's
/// default CAs plus this one (keytool; the default CAs' path comes from the image, see ImageLayout), and spark.{driver,executor}.defaultJavaOptions
/// point the JVM at it; defaultJavaOptions keep a user's extraJavaOptions working alongside.
/// The store holds public certificates only; its password protects nothing secret.
/// </summary>
internal static class S3TrustStore
{
    public const string DefaultsContainer = OwnedPaths.TrustStoreDefaultsContainer;
    public const string AddCaContainer = OwnedPaths.TrustStoreS3CaContainer;
    public const string CaVolume = OwnedPaths.S3CaVolume;
    public const string CaDirectory = OwnedPaths.S3CaDirectory;
    public const string StoreVolume = OwnedPaths.TrustStoreVolume;
    public const string StoreDirectory = OwnedPaths.TrustStoreDirectory;
    public const string StoreFile = StoreDirectory + "/truststore.p12";
    public const string StorePassword = "changeit";
    public const string DefaultCaKey = "ca.crt";

    public static bool Enabled(SparkApplication app) => app.Spec.S3connection?.Tls?.CaSecret is not null;

    public static string JavaOptions =>
        $"-Djavax.net.ssl.trustStore={StoreFile} -Djavax.net.ssl.trustStorePassword={StorePassword} -Djavax.net.ssl.trustStoreType=PKCS12";

    public static IEnumerable<KeyValuePair<string, string>> Confs(SparkApplication app)
    {
        if (Enabled(app))
        {
            yield return new("spark.driver.defaultJavaOptions", JavaOptions);
            yield return new("spark.executor.defaultJavaOptions", JavaOptions);
        }
    }

    public static IEnumerable<V1Volume> PodVolumes(SparkApplication app)
    {
        if (app.Spec.S3connection?.Tls?.CaSecret is not { } ca)
        {
            yield break;
        }

        yield return new V1Volume
        {
            Name = CaVolume,
            Secret = new V1SecretVolumeSource
            {
                SecretName = ca.Name,
                Items = [new V1KeyToPath { Key = ca.Key ?? DefaultCaKey, Path = DefaultCaKey }],
            },
        };
        yield return new V1Volume { Name = StoreVolume, EmptyDir = new V1EmptyDirVolumeSource() };
    }

    public static IEnumerable<V1VolumeMount> SparkContainerMounts(SparkApplication app)
    {
        if (Enabled(app))
        {
            yield return new V1VolumeMount { Name = StoreVolume, MountPath = StoreDirectory, ReadOnlyProperty = true };
        }
    }

    public static IEnumerable<V1Container> InitContainers(SparkApplication app, SubmissionOptions options)
    {
        if (!Enabled(app))
        {
            yield break;
        }

        V1VolumeMount store = new() { Name = StoreVolume, MountPath = StoreDirectory };
        yield return new V1Container
        {
            Name = DefaultsContainer,
            Image = app.Spec.SparkImage,
            ImagePullPolicy = app.Spec.SparkImagePullPolicy?.ToString(),
            Command = ImageLayout.CacertsImportCommand(
                options,
                ["-srcstorepass", StorePassword, "-destkeystore", StoreFile, "-deststoretype", "PKCS12", "-deststorepass", StorePassword]),
            VolumeMounts = [store],
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };
        yield return new V1Container
        {
            Name = AddCaContainer,
            Image = app.Spec.SparkImage,
            ImagePullPolicy = app.Spec.SparkImagePullPolicy?.ToString(),
            Command =
            [
                "keytool", "-importcert", "-noprompt", "-alias", "s3-ca",
                "-file", CaDirectory + "/" + DefaultCaKey,
                "-keystore", StoreFile, "-storetype", "PKCS12", "-storepass", StorePassword,
            ],
            VolumeMounts = [store, new V1VolumeMount { Name = CaVolume, MountPath = CaDirectory, ReadOnlyProperty = true }],
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };
    }
}
