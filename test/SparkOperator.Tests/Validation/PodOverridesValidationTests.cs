using System.Text.Json.Nodes;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>
/// podOverrides as admission (webhook, controller, validate) checks them: decoded strictly, never
/// touching the operator's identity and wiring, and bound by Policy:PodOverridesLevel. Every
/// refusal is one error at the field's path.
/// </summary>
public class PodOverridesValidationTests
{
    private static IReadOnlyList<AdmissionError> Errors(string role, string overrides, PodPolicy? policy = null)
    {
        var app = ValidApplication.Create();
        var json = JsonNode.Parse(overrides)!.AsObject();
        RoleSpec target = role switch
        {
            "driver" => app.Spec.Driver!,
            "executor" => app.Spec.Executor!,
            _ => app.Spec.Job!,
        };
        target.PodOverrides = json;
        return new SparkApplicationAdmissionValidator(policy ?? PodPolicy.Default).Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None).Errors;
    }

    private static string Full(string role, string path) => path.Length == 0 ? $"spec.{role}.podOverrides" : $"spec.{role}.podOverrides.{path}";

    private static string Sidecar(string securityContext) =>
        $$$"""{"spec":{"containers":[{"name":"side","image":"busybox:1.36","securityContext":{{{securityContext}}}}]}}""";

    private static TestCaseData Refused(string name, string role, string overrides, string path, string text) =>
        new TestCaseData(role, overrides, path, text).SetName($"refused: {name}");

    public static IEnumerable<TestCaseData> RefusedByDefault()
    {
        const string c = "spec.containers[0].securityContext";
        yield return Refused("privileged sidecar", "driver", Sidecar("""{"privileged":true}"""), c + ".privileged", "Policy:PodOverridesLevel=privileged");
        yield return Refused("privilege escalation", "executor", Sidecar("""{"allowPrivilegeEscalation":true}"""), c + ".allowPrivilegeEscalation", "Policy:PodOverridesLevel=baseline");
        yield return Refused("added SYS_ADMIN", "driver", Sidecar("""{"capabilities":{"add":["NET_BIND_SERVICE","SYS_ADMIN"]}}"""), c + ".capabilities.add[1]", "Policy:PodOverridesLevel=privileged");
        yield return Refused("added CHOWN", "driver", Sidecar("""{"capabilities":{"add":["CHOWN"]}}"""), c + ".capabilities.add[0]", "Policy:PodOverridesLevel=baseline");
        yield return Refused("drop without ALL", "job", """{"spec":{"containers":[{"name":"spark-submit","securityContext":{"capabilities":{"drop":["NET_RAW"]}}}]}}""", c + ".capabilities.drop", "must hold ALL");
        yield return Refused("container as uid 0", "driver", """{"spec":{"containers":[{"name":"spark","securityContext":{"runAsUser":0}}]}}""", c + ".runAsUser", "root");
        yield return Refused("container runAsNonRoot false", "driver", Sidecar("""{"runAsNonRoot":false}"""), c + ".runAsNonRoot", "root");
        yield return Refused("pod as uid 0", "executor", """{"spec":{"securityContext":{"runAsUser":0}}}""", "spec.securityContext.runAsUser", "Policy:PodOverridesLevel=baseline");
        yield return Refused("pod runAsNonRoot false", "job", """{"spec":{"securityContext":{"runAsNonRoot":false}}}""", "spec.securityContext.runAsNonRoot", "root");
        yield return Refused("pod seccomp Unconfined", "driver", """{"spec":{"securityContext":{"seccompProfile":{"type":"Unconfined"}}}}""", "spec.securityContext.seccompProfile.type", "unconfined seccomp");
        yield return Refused("container seccomp Unconfined", "driver", Sidecar("""{"seccompProfile":{"type":"Unconfined"}}"""), c + ".seccompProfile.type", "unconfined seccomp");
        yield return Refused("AppArmor Unconfined", "executor", Sidecar("""{"appArmorProfile":{"type":"Unconfined"}}"""), c + ".appArmorProfile.type", "AppArmor");
        yield return Refused("procMount Unmasked", "driver", Sidecar("""{"procMount":"Unmasked"}"""), c + ".procMount", "/proc");
        yield return Refused("SELinux type", "driver", Sidecar("""{"seLinuxOptions":{"type":"spc_t"}}"""), c + ".seLinuxOptions.type", "spc_t");
        yield return Refused("SELinux user", "driver", """{"spec":{"securityContext":{"seLinuxOptions":{"user":"system_u"}}}}""", "spec.securityContext.seLinuxOptions.user", "SELinux user");
        yield return Refused("Windows host process", "driver", Sidecar("""{"windowsOptions":{"hostProcess":true}}"""), c + ".windowsOptions.hostProcess", "host process");
        yield return Refused("unsafe sysctl", "executor", """{"spec":{"securityContext":{"sysctls":[{"name":"net.ipv4.tcp_syncookies","value":"1"},{"name":"kernel.msgmax","value":"1"}]}}}""", "spec.securityContext.sysctls[1].name", "kernel.msgmax");
        yield return Refused("hostNetwork", "driver", """{"spec":{"hostNetwork":true}}""", "spec.hostNetwork", "network namespace");
        yield return Refused("hostPID", "executor", """{"spec":{"hostPID":true}}""", "spec.hostPID", "process namespace");
        yield return Refused("hostIPC", "job", """{"spec":{"hostIPC":true}}""", "spec.hostIPC", "IPC namespace");
        yield return Refused("hostPort", "driver", """{"spec":{"containers":[{"name":"spark","ports":[{"containerPort":4040,"hostPort":4040}]}]}}""", "spec.containers[0].ports[0].hostPort", "port on the host");
        yield return Refused("nodeName", "executor", """{"spec":{"nodeName":"control-plane-1"}}""", "spec.nodeName", "past the scheduler");
        yield return Refused("privileged init container", "driver", """{"spec":{"initContainers":[{"name":"setup","image":"busybox:1.36","securityContext":{"privileged":true}}]}}""", "spec.initContainers[0].securityContext.privileged", "privileged container");
        yield return Refused("hostPath volume", "driver", """{"spec":{"volumes":[{"name":"root","hostPath":{"path":"/"}}]}}""", "spec.volumes[0].hostPath", PodPolicy.AllowedVolumeTypesSetting);
    }

    public static IEnumerable<TestCaseData> NeverAllowed()
    {
        yield return Refused("serviceAccountName", "driver", """{"spec":{"serviceAccountName":"default"}}""", "spec.serviceAccountName", "service account");
        yield return Refused("deprecated serviceAccount", "executor", """{"spec":{"serviceAccount":"default"}}""", "spec.serviceAccount", "service account");
        yield return Refused("automountServiceAccountToken", "executor", """{"spec":{"automountServiceAccountToken":true}}""", "spec.automountServiceAccountToken", "token");
        yield return Refused("ephemeral containers", "driver", """{"spec":{"ephemeralContainers":[{"name":"debug","image":"busybox:1.36"}]}}""", "spec.ephemeralContainers", "running pods only");
        yield return Refused("metadata.name", "driver", """{"metadata":{"name":"other"}}""", "metadata.name", "labels and annotations only");
        yield return Refused("ownerReferences", "executor", """{"metadata":{"ownerReferences":[]}}""", "metadata.ownerReferences", "labels and annotations only");
        yield return Refused("a label value that is no string", "driver", """{"metadata":{"labels":{"a":1}}}""", "metadata.labels", "map of strings");
        yield return Refused("an owned label", "driver", """{"metadata":{"labels":{"spark-role":"executor"}}}""", "metadata.labels[spark-role]", "find pods by");
        yield return Refused("a Job controller label", "job", """{"metadata":{"labels":{"batch.kubernetes.io/job-name":"other"}}}""", "metadata.labels[batch.kubernetes.io/job-name]", "Job controller");
        yield return Refused("a security annotation", "executor", """{"metadata":{"annotations":{"container.apparmor.security.beta.kubernetes.io/spark":"unconfined"}}}""", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/spark]", "security profile");
        yield return Refused("an owned volume", "job", """{"spec":{"volumes":[{"name":"spark-pod-templates","emptyDir":{}}]}}""", "spec.volumes[0].name", "adds itself");
        yield return Refused("a mount over an owned path", "job", """{"spec":{"containers":[{"name":"spark-submit","volumeMounts":[{"name":"data","mountPath":"/spark/pod-templates"}]}]}}""", "spec.containers[0].volumeMounts[0].mountPath", "mounts itself");
        yield return Refused("a mount of an owned volume", "job", """{"spec":{"containers":[{"name":"side","image":"busybox:1.36","volumeMounts":[{"name":"spark-pod-templates","mountPath":"/t"}]}]}}""", "spec.containers[0].volumeMounts[0].name", "does not declare");
        yield return Refused("a mount of an undeclared volume", "driver", """{"spec":{"containers":[{"name":"spark","volumeMounts":[{"name":"nope","mountPath":"/n"}]}]}}""", "spec.containers[0].volumeMounts[0].name", "podOverrides.spec.volumes");
        yield return Refused("an owned env var", "driver", """{"spec":{"containers":[{"name":"side","image":"busybox:1.36","env":[{"name":"PYTHONPATH","value":"/x"}]}]}}""", "spec.containers[0].env[0].name", "set by the operator");
        yield return Refused("the submit command", "job", """{"spec":{"containers":[{"name":"spark-submit","command":["sh","-c","id"]}]}}""", "spec.containers[0].command", "spark-submit invocation");
        yield return Refused("the submit args", "job", """{"spec":{"containers":[{"name":"spark-submit","args":["--class","x"]}]}}""", "spec.containers[0].args", "spark-submit invocation");
        yield return Refused("the submit pod's restartPolicy", "job", """{"spec":{"restartPolicy":"OnFailure"}}""", "spec.restartPolicy", "once per attempt");
        yield return Refused("the termination message policy", "driver", """{"spec":{"containers":[{"name":"spark","terminationMessagePolicy":"File"}]}}""", "spec.containers[0].terminationMessagePolicy", "termination message");
        yield return Refused("an operator init container", "driver", """{"spec":{"initContainers":[{"name":"pip-install","image":"busybox:1.36"}]}}""", "spec.initContainers[0].name", "init container the operator adds");
        yield return Refused("a typo", "driver", """{"spec":{"containers":[{"name":"spark","securityContex":{"privileged":true}}]}}""", "spec.containers[0].securityContex", "unknown field");
        yield return Refused("an unknown top-level field", "job", """{"spec":{},"status":{}}""", "status", "unknown field");
        yield return Refused("a wrong type", "executor", """{"spec":{"terminationGracePeriodSeconds":"soon"}}""", "spec.terminationGracePeriodSeconds", "must be integer");
        yield return Refused("a null", "executor", """{"spec":{"securityContext":null}}""", "spec.securityContext", "must not be null");
        yield return Refused("a container without a valid name", "driver", """{"spec":{"containers":[{"name":"Side Car","image":"busybox:1.36"}]}}""", "spec.containers[0].name", "DNS-1123");
        yield return Refused("a port without its merge key", "driver", """{"spec":{"containers":[{"name":"spark","ports":[{"name":"metrics"}]}]}}""", "spec.containers[0].ports[0]", "merge key 'containerPort'");
        yield return Refused("a host alias without its ip", "executor", """{"spec":{"hostAliases":[{"hostnames":["m"]}]}}""", "spec.hostAliases[0]", "merge key 'ip'");
        yield return Refused("a quantity that is none", "driver", """{"spec":{"containers":[{"name":"spark","resources":{"limits":{"nvidia.com/gpu":"lots"}}}]}}""", "", "is not a PodTemplateSpec");
        yield return Refused("a duplicate container", "driver", """{"spec":{"containers":[{"name":"side","image":"a"},{"name":"side","image":"b"}]}}""", "spec.containers[1].name", "duplicate");
    }

    [TestCaseSource(nameof(RefusedByDefault))]
    [TestCaseSource(nameof(NeverAllowed))]
    public void Refused_with_the_field_path(string role, string overrides, string path, string text)
    {
        var errors = Errors(role, overrides);
        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { Full(role, path) }), string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
        Assert.That(errors[0].Message, Does.Contain(text));
    }

    [TestCaseSource(nameof(NeverAllowed))]
    public void Never_allowed_even_at_the_privileged_level(string role, string overrides, string path, string text) =>
        Assert.That(Errors(role, overrides, PodPolicy.Default with { PodOverridesLevel = PodOverridesLevel.Privileged }).Select(e => e.Path), Is.EqualTo(new[] { Full(role, path) }));

    [Test]
    public void What_users_ask_for_is_admitted()
    {
        const string overrides = """
            {"metadata":{"labels":{"team":"analytics"},"annotations":{"example.com/owner":"ops"}},
             "spec":{"priorityClassName":"high","schedulerName":"batch","terminationGracePeriodSeconds":60,
               "hostAliases":[{"ip":"10.0.0.10","hostnames":["metastore.internal"]}],"dnsConfig":{"options":[{"name":"ndots","value":"2"}]},
               "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway"}],
               "securityContext":{"runAsUser":1000,"supplementalGroups":[2000],"sysctls":[{"name":"net.ipv4.tcp_keepalive_time","value":"60"}],"seccompProfile":{"type":"Localhost","localhostProfile":"spark.json"}},
               "initContainers":[{"name":"log-shipper","image":"busybox:1.36","restartPolicy":"Always","volumeMounts":[{"name":"logs","mountPath":"/logs"}]}],
               "containers":[{"name":"spark","env":[{"name":"SPARK_LOG_DIR","value":"/logs"}],"ports":[{"containerPort":9090,"name":"metrics"}],
                  "securityContext":{"capabilities":{"add":["NET_BIND_SERVICE"],"drop":["ALL"]},"readOnlyRootFilesystem":true},
                  "volumeMounts":[{"name":"logs","mountPath":"/logs"},{"name":"scratch","mountPath":"/scratch-too"}]}],
               "volumes":[{"name":"logs","emptyDir":{"sizeLimit":"1Gi"}}]}}
            """;
        foreach (var role in new[] { "driver", "executor" })
        {
            Assert.That(Errors(role, overrides), Is.Empty, role);
        }

        Assert.That(Errors("job", """{"spec":{"activeDeadlineSeconds":900,"containers":[{"name":"spark-submit","env":[{"name":"SPARK_SUBMIT_OPTS","value":"-Xmx256m"}]},{"name":"spark","image":"busybox:1.36","command":["sleep","1"]}]}}"""), Is.Empty);
    }

    [Test]
    public void Baseline_allows_root_and_its_capabilities_but_not_privileged()
    {
        var baseline = PodPolicy.Default with { PodOverridesLevel = PodOverridesLevel.Baseline };
        Assert.That(Errors("driver", Sidecar("""{"runAsUser":0,"runAsNonRoot":false,"allowPrivilegeEscalation":true,"capabilities":{"add":["CHOWN"],"drop":["NET_RAW"]}}"""), baseline), Is.Empty);
        var errors = Errors("driver", Sidecar("""{"privileged":true,"capabilities":{"add":["SYS_ADMIN"]}}"""), baseline);
        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[]
        {
            "spec.driver.podOverrides.spec.containers[0].securityContext.privileged",
            "spec.driver.podOverrides.spec.containers[0].securityContext.capabilities.add[0]",
        }));
        Assert.That(errors[0].Message, Does.Contain("(Policy:PodOverridesLevel is baseline)"));
    }

    [Test]
    public void Privileged_allows_the_host_but_volumes_stay_bound_by_their_settings()
    {
        var privileged = PodPolicy.Default with { PodOverridesLevel = PodOverridesLevel.Privileged };
        Assert.That(Errors("executor", """{"spec":{"hostNetwork":true,"hostPID":true,"nodeName":"n1","containers":[{"name":"spark","ports":[{"containerPort":80,"hostPort":80}],"securityContext":{"privileged":true,"allowPrivilegeEscalation":true,"capabilities":{"add":["SYS_ADMIN"]},"seccompProfile":{"type":"Unconfined"}}}]}}""", privileged), Is.Empty);
        Assert.That(Errors("executor", """{"spec":{"volumes":[{"name":"root","hostPath":{"path":"/"}}]}}""", privileged).Single().Path, Is.EqualTo("spec.executor.podOverrides.spec.volumes[0].hostPath"));
    }
}
