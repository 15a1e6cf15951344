using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Rbac;

namespace SparkOperator.Controllers;

// What the history server controller calls, and nothing more (the RBAC audit test holds it to that).
// Servers: listed and watched by the informer, status merge-patched; blockOwnerDeletion on the
// children needs update on the finalizers subresource.
[EntityRbac(typeof(SparkHistoryServer), Verbs = RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(SparkHistoryServer), Subresource = "status", Verbs = RbacVerb.Patch)]
[EntityRbac(typeof(SparkHistoryServer), Subresource = "finalizers", Verbs = RbacVerb.Update)]
// Children are created, and applied over only after a get shows they are the server's own; the
// Deployment is watched for its availability, an Ingress dropped from the spec is deleted.
[EntityRbac(typeof(V1Deployment), Verbs = RbacVerb.Read | RbacVerb.Create | RbacVerb.Patch)]
[EntityRbac(typeof(V1Service), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Patch)]
[EntityRbac(typeof(V1Ingress), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Patch | RbacVerb.Delete)]
internal sealed partial class SparkHistoryServerController;
