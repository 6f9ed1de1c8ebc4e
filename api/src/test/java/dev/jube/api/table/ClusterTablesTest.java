package dev.jube.api.table;

import static dev.jube.api.table.Tables.CREATED;
import static dev.jube.api.table.Tables.cells;
import static dev.jube.api.table.Tables.header;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Networking, discovery, storage, rbac and other cluster-level tables, cell by cell. */
class ClusterTablesTest {

    private static JsonNode obj(String name, String rest) {
        return json("{\"metadata\":{\"name\":\"" + name + "\",\"creationTimestamp\":\"" + CREATED + "\"}"
                + (rest.isEmpty() ? "" : "," + rest) + "}");
    }

    @Test
    void ingress() {
        JsonNode ing = obj("web", "\"spec\":{\"ingressClassName\":\"nginx\",\"rules\":[{\"host\":\"a.example.com\"},"
                + "{\"host\":\"b.example.com\"}],\"tls\":[{\"hosts\":[\"a.example.com\"]}]},"
                + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"10.0.0.5\"}]}}");
        assertThat(header("networking.k8s.io", "ingresses")).containsExactly("Name:0", "Class:0", "Hosts:0",
                "Address:0", "Ports:0", "Age:0");
        assertThat(cells("networking.k8s.io", "ingresses", ing)).containsExactly("web", "nginx",
                "a.example.com,b.example.com", "10.0.0.5", "80, 443", "3d2h");
        JsonNode catchAll = obj("all", "\"spec\":{\"rules\":[{\"http\":{}}]}");
        assertThat(cells("networking.k8s.io", "ingresses", catchAll)).containsExactly("all", "<none>", "*", "", "80",
                "3d2h");
        JsonNode many = obj("many", "\"spec\":{\"rules\":[{\"host\":\"h1\"},{\"host\":\"h2\"},{},{\"host\":\"h3\"},"
                + "{\"host\":\"h4\"}]}");
        assertThat(cells("networking.k8s.io", "ingresses", many).get(2)).isEqualTo("h1,h2,h3 + 2 more...");
    }

    @Test
    void ingressClassAndNetworkPolicy() {
        JsonNode ic = obj("nginx", "\"spec\":{\"controller\":\"k8s.io/ingress-nginx\",\"parameters\":{"
                + "\"apiGroup\":\"k8s.example.com\",\"kind\":\"IngressParameters\",\"name\":\"external-lb\"}}");
        assertThat(cells("networking.k8s.io", "ingressclasses", ic)).containsExactly("nginx", "k8s.io/ingress-nginx",
                "IngressParameters.k8s.example.com/external-lb", "3d2h");
        JsonNode np = obj("db", "\"spec\":{\"podSelector\":{\"matchLabels\":{\"role\":\"db\"}}}");
        assertThat(cells("networking.k8s.io", "networkpolicies", np)).containsExactly("db", "role=db", "3d2h");
        JsonNode all = obj("deny", "\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}");
        assertThat(cells("networking.k8s.io", "networkpolicies", all)).containsExactly("deny", "<none>", "3d2h");
    }

    @Test
    void endpointSlices() {
        JsonNode slice = obj("web-abc", "\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"http\",\"port\":80,"
                + "\"protocol\":\"TCP\"}],\"endpoints\":[{\"addresses\":[\"10.0.0.1\"]},{\"addresses\":[\"10.0.0.2\"]}]");
        assertThat(header("discovery.k8s.io", "endpointslices")).containsExactly("Name:0", "AddressType:0",
                "Ports:0", "Endpoints:0", "Age:0");
        assertThat(cells("discovery.k8s.io", "endpointslices", slice)).containsExactly("web-abc", "IPv4", "80",
                "10.0.0.1,10.0.0.2", "3d2h");
        JsonNode busy = obj("big", "\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"a\"},{}],\"endpoints\":["
                + "{\"addresses\":[\"10.0.0.1\",\"10.0.0.2\"]},{\"addresses\":[\"10.0.0.3\",\"10.0.0.4\",\"10.0.0.5\"]}]");
        assertThat(cells("discovery.k8s.io", "endpointslices", busy)).containsExactly("big", "IPv4", "a,*",
                "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", "3d2h");
        JsonNode empty = obj("e", "\"addressType\":\"IPv6\"");
        assertThat(cells("discovery.k8s.io", "endpointslices", empty)).containsExactly("e", "IPv6", "<unset>",
                "<unset>", "3d2h");
    }

    @Test
    void storageClasses() {
        JsonNode sc = json("{\"metadata\":{\"name\":\"local-path\",\"creationTimestamp\":\"" + CREATED + "\","
                + "\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}},"
                + "\"provisioner\":\"rancher.io/local-path\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}");
        assertThat(header("storage.k8s.io", "storageclasses")).containsExactly("Name:0", "Provisioner:0",
                "ReclaimPolicy:0", "VolumeBindingMode:0", "AllowVolumeExpansion:0", "Age:0");
        assertThat(cells("storage.k8s.io", "storageclasses", sc)).containsExactly("local-path (default)",
                "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "3d2h");
        JsonNode retain = obj("slow", "\"provisioner\":\"x\",\"reclaimPolicy\":\"Retain\",\"allowVolumeExpansion\":true");
        assertThat(cells("storage.k8s.io", "storageclasses", retain)).containsExactly("slow", "x", "Retain",
                "Immediate", true, "3d2h");
    }

    @Test
    void otherStorageKinds() {
        JsonNode va = obj("csi-123", "\"spec\":{\"attacher\":\"ebs.csi.aws.com\",\"nodeName\":\"n1\","
                + "\"source\":{\"persistentVolumeName\":\"pv-1\"}},\"status\":{\"attached\":true}");
        assertThat(cells("storage.k8s.io", "volumeattachments", va)).containsExactly("csi-123", "ebs.csi.aws.com",
                "pv-1", "n1", true, "3d2h");
        JsonNode driver = obj("hostpath.csi.k8s.io", "\"spec\":{\"podInfoOnMount\":true,\"volumeLifecycleModes\":"
                + "[\"Persistent\",\"Ephemeral\"],\"tokenRequests\":[{\"audience\":\"vault\"},{\"audience\":\"api\"}]}");
        assertThat(cells("storage.k8s.io", "csidrivers", driver)).containsExactly("hostpath.csi.k8s.io", true, true,
                false, "vault,api", false, "Persistent,Ephemeral", "3d2h");
        JsonNode node = obj("n1", "\"spec\":{\"drivers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
        assertThat(cells("storage.k8s.io", "csinodes", node)).containsExactly("n1", 2L, "3d2h");
    }

    @Test
    void roleBindingsListSubjectsByKind() {
        JsonNode rb = obj("read-pods", "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\","
                + "\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"jane\"},"
                + "{\"kind\":\"Group\",\"name\":\"devs\"},{\"kind\":\"ServiceAccount\",\"name\":\"default\","
                + "\"namespace\":\"kube-system\"},{\"kind\":\"User\",\"name\":\"bob\"}]");
        assertThat(header("rbac.authorization.k8s.io", "rolebindings")).containsExactly("Name:0", "Role:0", "Age:0",
                "Users:1", "Groups:1", "ServiceAccounts:1");
        assertThat(cells("rbac.authorization.k8s.io", "rolebindings", rb)).containsExactly("read-pods",
                "Role/pod-reader", "3d2h", "jane, bob", "devs", "kube-system/default");
        JsonNode crb = obj("admin", "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"}");
        assertThat(cells("rbac.authorization.k8s.io", "clusterrolebindings", crb)).containsExactly("admin",
                "ClusterRole/cluster-admin", "3d2h", "", "", "");
    }

    @Test
    void rolesAndCustomResourceDefinitionsShowCreatedAt() {
        for (String[] gr : new String[][] {{"rbac.authorization.k8s.io", "roles"},
                {"rbac.authorization.k8s.io", "clusterroles"}, {"apiextensions.k8s.io", "customresourcedefinitions"}}) {
            assertThat(header(gr[0], gr[1])).containsExactly("Name:0", "Created At:0");
            assertThat(cells(gr[0], gr[1], obj("x", ""))).containsExactly("x", "2024-04-28T10:00:00Z");
        }
        assertThat(Tables.table("apiextensions.k8s.io", "customresourcedefinitions").columns().get(1).type())
                .isEqualTo("date");
    }

    @Test
    void leasesPriorityClassesAndRuntimeClasses() {
        JsonNode lease = obj("kube-scheduler", "\"spec\":{\"holderIdentity\":\"node-1_4f2a\",\"leaseDurationSeconds\":15}");
        assertThat(cells("coordination.k8s.io", "leases", lease)).containsExactly("kube-scheduler", "node-1_4f2a",
                "3d2h");
        JsonNode pc = obj("system-cluster-critical", "\"value\":2000000000,\"globalDefault\":false");
        assertThat(header("scheduling.k8s.io", "priorityclasses")).containsExactly("Name:0", "Value:0",
                "Global-Default:0", "Age:0", "PreemptionPolicy:1");
        assertThat(cells("scheduling.k8s.io", "priorityclasses", pc)).containsExactly("system-cluster-critical",
                2000000000L, false, "3d2h", "PreemptLowerPriority");
        JsonNode rc = obj("runc", "\"handler\":\"runc\"");
        assertThat(cells("node.k8s.io", "runtimeclasses", rc)).containsExactly("runc", "runc", "3d2h");
    }

    @Test
    void certificateSigningRequests() {
        JsonNode issued = obj("csr-1", "\"spec\":{\"signerName\":\"kubernetes.io/kube-apiserver-client\","
                + "\"username\":\"alice\",\"expirationSeconds\":86400,\"request\":\"LS0t\"},"
                + "\"status\":{\"conditions\":[{\"type\":\"Approved\",\"status\":\"True\"}],\"certificate\":\"LS0tLS1\"}");
        assertThat(header("certificates.k8s.io", "certificatesigningrequests")).containsExactly("Name:0", "Age:0",
                "SignerName:0", "Requestor:0", "RequestedDuration:0", "Condition:0");
        assertThat(cells("certificates.k8s.io", "certificatesigningrequests", issued)).containsExactly("csr-1",
                "3d2h", "kubernetes.io/kube-apiserver-client", "alice", "24h", "Approved,Issued");
        JsonNode denied = obj("csr-2", "\"spec\":{\"username\":\"bob\"},\"status\":{\"conditions\":["
                + "{\"type\":\"Approved\",\"status\":\"True\"},{\"type\":\"Denied\",\"status\":\"True\"},"
                + "{\"type\":\"Failed\",\"status\":\"True\"}]}");
        assertThat(cells("certificates.k8s.io", "certificatesigningrequests", denied)).containsExactly("csr-2",
                "3d2h", "<none>", "bob", "<none>", "Denied,Failed");
        assertThat(cells("certificates.k8s.io", "certificatesigningrequests", obj("csr-3", "")).get(5))
                .isEqualTo("Pending");
    }

    @Test
    void admissionConfigurations() {
        JsonNode vwc = obj("policy", "\"webhooks\":[{\"name\":\"a.example.com\"},{\"name\":\"b.example.com\"}]");
        assertThat(cells("admissionregistration.k8s.io", "validatingwebhookconfigurations", vwc))
                .containsExactly("policy", 2L, "3d2h");
        assertThat(cells("admissionregistration.k8s.io", "mutatingwebhookconfigurations", obj("m", "")))
                .containsExactly("m", 0L, "3d2h");
        JsonNode vap = obj("replicas", "\"spec\":{\"paramKind\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"validations\":[{\"expression\":\"true\"}]}");
        assertThat(cells("admissionregistration.k8s.io", "validatingadmissionpolicies", vap))
                .containsExactly("replicas", 1L, "v1/ConfigMap", "3d2h");
        JsonNode binding = obj("b", "\"spec\":{\"policyName\":\"replicas\",\"paramRef\":{\"name\":\"limits\"}}");
        assertThat(cells("admissionregistration.k8s.io", "validatingadmissionpolicybindings", binding))
                .containsExactly("b", "replicas", "*/limits", "3d2h");
    }

    @Test
    void apiServices() {
        JsonNode local = obj("v1.apps", "\"spec\":{\"group\":\"apps\",\"version\":\"v1\"},"
                + "\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"Local\"}]}");
        assertThat(cells("apiregistration.k8s.io", "apiservices", local)).containsExactly("v1.apps", "Local", "True",
                "3d2h");
        JsonNode remote = obj("v1beta1.metrics.k8s.io", "\"spec\":{\"service\":{\"namespace\":\"kube-system\","
                + "\"name\":\"metrics-server\"}},\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"False\","
                + "\"reason\":\"MissingEndpoints\"}]}");
        assertThat(cells("apiregistration.k8s.io", "apiservices", remote)).containsExactly("v1beta1.metrics.k8s.io",
                "kube-system/metrics-server", "False (MissingEndpoints)", "3d2h");
    }

    @Test
    void flowControl() {
        JsonNode plc = obj("workload-low", "\"spec\":{\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":100,"
                + "\"limitResponse\":{\"type\":\"Queue\",\"queuing\":{\"queues\":128,\"handSize\":6,"
                + "\"queueLengthLimit\":50}}}}");
        assertThat(cells("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", plc))
                .containsExactly("workload-low", "Limited", 100L, 128L, 6L, 50L, "3d2h");
        JsonNode exempt = obj("exempt", "\"spec\":{\"type\":\"Exempt\"}");
        assertThat(cells("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", exempt))
                .containsExactly("exempt", "Exempt", "<none>", "<none>", "<none>", "<none>", "3d2h");
        JsonNode fs = obj("service-accounts", "\"spec\":{\"priorityLevelConfiguration\":{\"name\":\"workload-low\"},"
                + "\"matchingPrecedence\":9000,\"distinguisherMethod\":{\"type\":\"ByUser\"}},"
                + "\"status\":{\"conditions\":[{\"type\":\"Dangling\",\"status\":\"False\"}]}");
        assertThat(cells("flowcontrol.apiserver.k8s.io", "flowschemas", fs)).containsExactly("service-accounts",
                "workload-low", 9000L, "ByUser", "3d2h", "False");
    }

    @Test
    void unknownResourcesHaveNoBuiltinTable() {
        assertThat(BuiltinTables.definition("example.com", "widgets")).isEmpty();
        assertThat(BuiltinTables.columns("", "bindings")).isEmpty();
        assertThat(BuiltinTables.columns(null, "pods")).isPresent();
    }
}
