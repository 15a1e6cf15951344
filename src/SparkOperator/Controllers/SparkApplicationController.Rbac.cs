using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Rbac;
using SparkOperator.Hosting;

namespace SparkOperator.Controllers;

// What the operator may do, next to the controller that does it; `generate` turns these into the
// ClusterRole. Only what the code calls: an integration test compares them with the requests the
// operator's own ServiceAccount makes against a real API server.
//
// Applications: the informer lists and watches them; finalizers are added and removed with JSON
// patches; status is a merge patch; a finished application past its time to live is deleted.
// No get: the controller reads applications from the cache only (the audit test saw no get).
// blockOwnerDeletion on the children needs update on the finalizers subresource.
[EntityRbac(typeof(SparkApplication), Verbs = RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch | RbacVerb.Delete)]
[EntityRbac(typeof(SparkApplication), Subresource = "status", Verbs = RbacVerb.Patch)]
[EntityRbac(typeof(SparkApplication), Subresource = "finalizers", Verbs = RbacVerb.Update)]
// An attempt's children are created, applied only when a replayed attempt finds them (after a get
// that checks they are the application's own); the garbage collector deletes them. The account an
// application names (driver.serviceAccountName) is read with a get before each attempt.
[EntityRbac(typeof(V1Job), Verbs = RbacVerb.Read | RbacVerb.Create | RbacVerb.Patch)]
[EntityRbac(typeof(V1ConfigMap), typeof(V1ServiceAccount), typeof(V1RoleBinding), typeof(V1Service), typeof(V1Ingress), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Patch)]
// Pods are Spark's: the operator watches them, confirms a missing driver with a get, and deletes
// an attempt's driver and executors by label.
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Read | RbacVerb.DeleteCollection)]
// Events: created, their count patched, read back on a conflict; a Job's FailedCreate Events are listed.
[GenericRbac(Groups = [""], Resources = ["events"], Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Create | RbacVerb.Patch)]
// The RoleBinding of each application references the driver's ClusterRole: bind lets the operator
// grant it without holding the driver's rights itself.
[GenericRbac(Groups = ["rbac.authorization.k8s.io"], Resources = ["clusterroles"], ResourceNames = [OperatorDefaults.DriverClusterRole], Verbs = RbacVerb.Bind)]
internal sealed partial class SparkApplicationController;
