using SparkOperator.Framework.Manifests;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>
/// <c>config/cert-manager</c>: <c>config/default</c> with cert-manager owning the webhook's
/// certificate instead of the operator. A selfSigned Issuer and a Certificate for the Service's
/// names write the same Secret the operator serves from; cert-manager's CA injector fills the
/// caBundle (the <c>inject-ca-from</c> annotation); the operator only reads the Secret
/// (<c>Webhook__ManageCertificate=false</c>). Written as YAML text: cert-manager's kinds are not
/// KubernetesClient models.
/// </summary>
internal static class CertManagerInstall
{
    public const string IssuerName = OperatorDefaults.Name + "-selfsigned";

    public const string CertificateName = OperatorDefaults.WebhookServiceName;

    public static IEnumerable<ManifestFile> Files(IReadOnlyList<string> header)
    {
        var comment = string.Concat(header.Select(h => $"# {h}\n"));
        yield return new ManifestFile(
            "cert-manager/issuer.yaml",
            comment + $"""
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata:
              name: {IssuerName}
              namespace: {OperatorDefaults.Namespace}
            spec:
              selfSigned: {"{}"}

            """);
        var names = string.Concat(WebhookServer.ServiceDnsNames.Select(n => $"  - {n}\n"));
        yield return new ManifestFile(
            "cert-manager/certificate.yaml",
            comment + $"""
            # The operator serves tls.crt and tls.key of this Secret and checks them against ca.crt.
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata:
              name: {CertificateName}
              namespace: {OperatorDefaults.Namespace}
            spec:
              secretName: {OperatorDefaults.WebhookCertificateSecret}
              dnsNames:
            {names}  privateKey:
                algorithm: ECDSA
                size: 256
                rotationPolicy: Always
              usages:
              - digital signature
              - key encipherment
              - server auth
              issuerRef:
                kind: Issuer
                name: {IssuerName}

            """);
        yield return new ManifestFile(
            "cert-manager/inject_ca.yaml",
            comment + $"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: {WebhookManifests.ConfigurationName}
              annotations:
                cert-manager.io/inject-ca-from: {OperatorDefaults.Namespace}/{CertificateName}

            """);
        yield return new ManifestFile(
            "cert-manager/certificate_by_cert_manager.yaml",
            OverlayPatches.DeploymentEnv(
                comment + "# cert-manager writes the Secret and the caBundle; the operator only serves from the Secret.\n",
                "Webhook__ManageCertificate",
                "\"false\""));
        yield return new ManifestFile(
            "cert-manager/kustomization.yaml",
            Kustomization.Render(["../default", "issuer.yaml", "certificate.yaml"])
            + "patches:\n- path: inject_ca.yaml\n- path: certificate_by_cert_manager.yaml\n");
    }
}
