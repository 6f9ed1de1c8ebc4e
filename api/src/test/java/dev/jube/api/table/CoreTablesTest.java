package dev.jube.api.table;

import static dev.jube.api.table.Tables.CREATED;
import static dev.jube.api.table.Tables.ago;
import static dev.jube.api.table.Tables.cells;
import static dev.jube.api.table.Tables.header;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Core-group tables: each object rendered and compared cell by cell with upstream's output. */
class CoreTablesTest {

    private static JsonNode obj(String name, String rest) {
        return json("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"creationTimestamp\":\""
                + CREATED + "\"}" + (rest.isEmpty() ? "" : "," + rest) + "}");
    }

    @Test
    void podColumns() {
        assertThat(header("", "pods")).containsExactly("Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0",
                "IP:1", "Node:1", "Nominated Node:1", "Readiness Gates:1");
        assertThat(Tables.table("", "pods").columns().get(0).format()).isEqualTo("name");
        assertThat(Tables.table("", "pods").columns().get(3).type()).isEqualTo("string");
    }

    @Test
    void clusterIpService() {
        JsonNode svc = obj("kube-dns", "\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.10\","
                + "\"clusterIPs\":[\"10.96.0.10\"],\"selector\":{\"k8s-app\":\"kube-dns\"},\"ports\":["
                + "{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\",\"targetPort\":53},"
                + "{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\",\"targetPort\":53},"
                + "{\"name\":\"metrics\",\"port\":9153,\"protocol\":\"TCP\",\"targetPort\":9153}]}");
        assertThat(header("", "services")).containsExactly("Name:0", "Type:0", "Cluster-IP:0", "External-IP:0",
                "Port(s):0", "Age:0", "Selector:1");
        assertThat(cells("", "services", svc)).containsExactly("kube-dns", "ClusterIP", "10.96.0.10", "<none>",
                "53/UDP,53/TCP,9153/TCP", "3d2h", "k8s-app=kube-dns");
    }

    @Test
    void nodePortServiceShowsNodePortsAndDefaultsTheProtocol() {
        JsonNode svc = obj("web", "\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.96.3.4\","
                + "\"externalIPs\":[\"192.0.2.7\"],\"ports\":[{\"port\":80,\"nodePort\":30080,\"protocol\":\"TCP\"},"
                + "{\"port\":443,\"nodePort\":30443}],\"selector\":{\"tier\":\"web\",\"app\":\"shop\"}}");
        assertThat(cells("", "services", svc)).containsExactly("web", "NodePort", "10.96.3.4", "192.0.2.7",
                "80:30080/TCP,443:30443/TCP", "3d2h", "app=shop,tier=web");
    }

    @Test
    void loadBalancerServices() {
        JsonNode pending = obj("lb", "\"spec\":{\"type\":\"LoadBalancer\",\"clusterIPs\":[\"10.96.0.20\"],"
                + "\"ports\":[{\"port\":80,\"nodePort\":31000,\"protocol\":\"TCP\"}]}");
        assertThat(cells("", "services", pending)).containsExactly("lb", "LoadBalancer", "10.96.0.20", "<pending>",
                "80:31000/TCP", "3d2h", "<none>");
        JsonNode ready = obj("lb", "\"spec\":{\"type\":\"LoadBalancer\",\"clusterIPs\":[\"10.96.0.20\"],"
                + "\"externalIPs\":[\"198.51.100.9\"],\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]},"
                + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0.113.5\"},"
                + "{\"hostname\":\"lb.example.com\"},{\"ip\":\"203.0.113.5\"},{\"ip\":\"10.1.2.3\"}]}}");
        assertThat(cells("", "services", ready).get(3))
                .isEqualTo("10.1.2.3,203.0.113.5,lb.example.com,198.51.100.9");
    }

    @Test
    void externalNameAndHeadlessServices() {
        JsonNode ext = obj("db", "\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}");
        assertThat(cells("", "services", ext)).containsExactly("db", "ExternalName", "<none>", "db.example.com",
                "<none>", "3d2h", "<none>");
        JsonNode headless = obj("web", "\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"],"
                + "\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}");
        assertThat(cells("", "services", headless)).containsExactly("web", "ClusterIP", "None", "<none>",
                "8080/TCP", "3d2h", "<none>");
    }

    @Test
    void endpointsShowThreeAddressesThenACount() {
        JsonNode ep = obj("web", "\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"10.0.0.2\"}],"
                + "\"ports\":[{\"port\":8080},{\"port\":9090}]}]");
        assertThat(cells("", "endpoints", ep)).containsExactly("web",
                "10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:9090 + 1 more...", "3d2h");
        assertThat(cells("", "endpoints", obj("none", "")).get(1)).isEqualTo("<none>");
        JsonNode headless = obj("h", "\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"fd00::2\"}]}]");
        assertThat(cells("", "endpoints", headless).get(1)).isEqualTo("10.0.0.1,fd00::2");
        JsonNode v6 = obj("v6", "\"subsets\":[{\"addresses\":[{\"ip\":\"fd00::2\"}],\"ports\":[{\"port\":80}]}]");
        assertThat(cells("", "endpoints", v6).get(1)).isEqualTo("[fd00::2]:80");
        JsonNode notReady = obj("nr", "\"subsets\":[{\"notReadyAddresses\":[{\"ip\":\"10.0.0.1\"}],"
                + "\"ports\":[{\"port\":80}]}]");
        assertThat(cells("", "endpoints", notReady).get(1)).isEqualTo("");
    }

    @Test
    void nodeStatusRolesAndWideColumns() {
        JsonNode node = json("{\"metadata\":{\"name\":\"node-1\",\"creationTimestamp\":\"" + CREATED + "\","
                + "\"labels\":{\"kubernetes.io/hostname\":\"node-1\",\"node-role.kubernetes.io/control-plane\":\"\","
                + "\"kubernetes.io/role\":\"worker\",\"node-role.kubernetes.io/\":\"x\"}},"
                + "\"spec\":{\"unschedulable\":true},\"status\":{\"conditions\":["
                + "{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}],"
                + "\"addresses\":[{\"type\":\"Hostname\",\"address\":\"node-1\"},"
                + "{\"type\":\"InternalIP\",\"address\":\"192.168.1.10\"}],"
                + "\"nodeInfo\":{\"kubeletVersion\":\"v1.32.0\",\"osImage\":\"Debian GNU/Linux 12 (bookworm)\","
                + "\"kernelVersion\":\"6.1.0-18-amd64\",\"containerRuntimeVersion\":\"containerd://1.6.20\"}}}");
        assertThat(header("", "nodes")).containsExactly("Name:0", "Status:0", "Roles:0", "Age:0", "Version:0",
                "Internal-IP:1", "External-IP:1", "OS-Image:1", "Kernel-Version:1", "Container-Runtime:1");
        assertThat(cells("", "nodes", node)).containsExactly("node-1", "Ready,SchedulingDisabled",
                "control-plane,worker", "3d2h", "v1.32.0", "192.168.1.10", "<none>",
                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.6.20");
    }

    @Test
    void nodeWithoutReadyConditionOrInfo() {
        JsonNode bare = json("{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":\"" + CREATED + "\"}}");
        assertThat(cells("", "nodes", bare)).containsExactly("n", "Unknown", "<none>", "3d2h", "", "<none>",
                "<none>", "<unknown>", "<unknown>", "<unknown>");
        JsonNode notReady = json("{\"metadata\":{\"name\":\"n\",\"labels\":{\"node-role.kubernetes.io/worker\":\"\","
                + "\"node-role.kubernetes.io/infra\":\"true\"}},"
                + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\"}],"
                + "\"addresses\":[{\"type\":\"ExternalIP\",\"address\":\"203.0.113.1\"}]}}");
        assertThat(cells("", "nodes", notReady)).containsExactly("n", "NotReady", "infra,worker", "<unknown>", "",
                "<none>", "203.0.113.1", "<unknown>", "<unknown>", "<unknown>");
    }

    @Test
    void namespaces() {
        assertThat(cells("", "namespaces", obj("dev", "\"status\":{\"phase\":\"Terminating\"}")))
                .containsExactly("dev", "Terminating", "3d2h");
        assertThat(cells("", "namespaces", obj("dev", ""))).containsExactly("dev", "Active", "3d2h");
    }

    @Test
    void configMapsSecretsAndServiceAccounts() {
        JsonNode cm = obj("cfg", "\"data\":{\"a\":\"1\",\"b\":\"2\"},\"binaryData\":{\"c\":\"AAE=\"}");
        assertThat(header("", "configmaps")).containsExactly("Name:0", "Data:0", "Age:0");
        assertThat(cells("", "configmaps", cm)).containsExactly("cfg", 3L, "3d2h");
        JsonNode secret = obj("tls", "\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"eA==\",\"tls.key\":\"eQ==\"}");
        assertThat(cells("", "secrets", secret)).containsExactly("tls", "kubernetes.io/tls", 2L, "3d2h");
        assertThat(cells("", "secrets", obj("empty", ""))).containsExactly("empty", "Opaque", 0L, "3d2h");
        JsonNode sa = obj("default", "\"secrets\":[{\"name\":\"default-token\"}]");
        assertThat(cells("", "serviceaccounts", sa)).containsExactly("default", 1L, "3d2h");
    }

    @Test
    void coreEvent() {
        JsonNode ev = obj("web-0.17c2d1a", "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-0\","
                + "\"fieldPath\":\"spec.containers{nginx}\"},\"reason\":\"Pulled\",\"message\":\"Successfully "
                + "pulled image \\\"nginx\\\"\\n\",\"source\":{\"component\":\"kubelet\",\"host\":\"node-1\"},"
                + "\"firstTimestamp\":\"" + ago(600) + "\",\"lastTimestamp\":\"" + ago(120) + "\",\"count\":3,"
                + "\"type\":\"Normal\"");
        assertThat(header("", "events")).containsExactly("Last Seen:0", "Type:0", "Reason:0", "Object:0",
                "Subobject:1", "Source:1", "Message:0", "First Seen:1", "Count:1", "Name:1");
        assertThat(cells("", "events", ev)).containsExactly("2m", "Normal", "Pulled", "pod/web-0",
                "spec.containers{nginx}", "kubelet, node-1", "Successfully pulled image \"nginx\"", "10m", 3L,
                "web-0.17c2d1a");
    }

    @Test
    void seriesEventWithEventTimeOnly() {
        JsonNode ev = obj("sched.1", "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-1\"},"
                + "\"reason\":\"FailedScheduling\",\"message\":\"0/1 nodes are available\",\"type\":\"Warning\","
                + "\"eventTime\":\"2024-05-01T11:58:30.123456Z\",\"series\":{\"count\":4,"
                + "\"lastObservedTime\":\"2024-05-01T11:59:30.000000Z\"},\"reportingComponent\":\"default-scheduler\","
                + "\"reportingInstance\":\"sched-1\",\"firstTimestamp\":null,\"lastTimestamp\":null");
        assertThat(cells("", "events", ev)).containsExactly("30s", "Warning", "FailedScheduling", "pod/web-1", "",
                "default-scheduler, sched-1", "0/1 nodes are available", "89s", 4L, "sched.1");
    }

    @Test
    void eventsGroupEventUsesItsOwnFieldNames() {
        JsonNode ev = obj("n1.1", "\"regarding\":{\"kind\":\"Node\",\"name\":\"n1\"},\"note\":\"Node n1 status "
                + "is now: NodeReady\",\"reason\":\"NodeReady\",\"type\":\"Normal\",\"eventTime\":\"" + ago(300)
                + "\",\"reportingController\":\"kubelet\",\"reportingInstance\":\"n1\"");
        assertThat(cells("events.k8s.io", "events", ev)).containsExactly("5m", "Normal", "NodeReady", "node/n1", "",
                "kubelet, n1", "Node n1 status is now: NodeReady", "5m", 1L, "n1.1");
    }

    @Test
    void persistentVolume() {
        JsonNode pv = json("{\"metadata\":{\"name\":\"pv-1\",\"creationTimestamp\":\"" + CREATED + "\"},"
                + "\"spec\":{\"capacity\":{\"storage\":\"1.5Gi\"},\"accessModes\":[\"ReadWriteMany\",\"ReadWriteOnce\","
                + "\"ReadWriteOnce\"],\"persistentVolumeReclaimPolicy\":\"Delete\",\"claimRef\":{\"namespace\":\"default\","
                + "\"name\":\"data\"},\"storageClassName\":\"standard\",\"volumeMode\":\"Block\"},"
                + "\"status\":{\"phase\":\"Bound\"}}");
        assertThat(header("", "persistentvolumes")).containsExactly("Name:0", "Capacity:0", "Access Modes:0",
                "Reclaim Policy:0", "Status:0", "Claim:0", "StorageClass:0", "VolumeAttributesClass:0", "Reason:0",
                "Age:0", "VolumeMode:1");
        assertThat(cells("", "persistentvolumes", pv)).containsExactly("pv-1", "1536Mi", "RWO,RWX", "Delete", "Bound",
                "default/data", "standard", "<unset>", "", "3d2h", "Block");
        JsonNode released = json("{\"metadata\":{\"name\":\"pv-2\",\"deletionTimestamp\":\"" + ago(1) + "\","
                + "\"annotations\":{\"volume.beta.kubernetes.io/storage-class\":\"old\"}},"
                + "\"spec\":{\"storageClassName\":\"new\"},\"status\":{\"phase\":\"Released\",\"reason\":\"x\"}}");
        assertThat(cells("", "persistentvolumes", released)).containsExactly("pv-2", "0", "", "Retain",
                "Terminating", "", "old", "<unset>", "x", "<unknown>", "Filesystem");
    }

    @Test
    void persistentVolumeClaims() {
        JsonNode bound = obj("data", "\"spec\":{\"volumeName\":\"pv-1\",\"storageClassName\":\"standard\","
                + "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}},"
                + "\"status\":{\"phase\":\"Bound\",\"capacity\":{\"storage\":\"10Gi\"},"
                + "\"accessModes\":[\"ReadOnlyMany\",\"ReadWriteOnce\"]}");
        assertThat(cells("", "persistentvolumeclaims", bound)).containsExactly("data", "Bound", "pv-1", "10Gi",
                "RWO,ROX", "standard", "<unset>", "3d2h", "Filesystem");
        JsonNode pending = obj("wait", "\"spec\":{\"storageClassName\":\"local-path\",\"volumeAttributesClassName\":"
                + "\"gold\",\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}},\"status\":{\"phase\":\"Pending\"}");
        assertThat(cells("", "persistentvolumeclaims", pending)).containsExactly("wait", "Pending", "", "", "",
                "local-path", "gold", "3d2h", "Filesystem");
    }

    @Test
    void resourceQuotaSplitsRequestsAndLimits() {
        JsonNode quota = obj("compute", "\"status\":{\"hard\":{\"pods\":\"10\",\"requests.cpu\":\"4\","
                + "\"requests.memory\":\"8Gi\",\"limits.cpu\":\"8\",\"limits.memory\":\"16Gi\",\"services\":\"5\"},"
                + "\"used\":{\"pods\":\"3\",\"requests.cpu\":\"500m\",\"requests.memory\":\"1Gi\",\"limits.cpu\":\"1\","
                + "\"limits.memory\":\"2048Mi\"}}");
        assertThat(cells("", "resourcequotas", quota)).containsExactly("compute",
                "pods: 3/10, requests.cpu: 500m/4, requests.memory: 1Gi/8Gi, services: 0/5",
                "limits.cpu: 1/8, limits.memory: 2Gi/16Gi", "3d2h");
    }

    @Test
    void podTemplatesAndReplicationControllers() {
        JsonNode tmpl = obj("tmpl", "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{"
                + "\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"},{\"name\":\"log\",\"image\":\"busybox\"}]}}");
        assertThat(cells("", "podtemplates", tmpl)).containsExactly("tmpl", "nginx,log", "nginx:1.25,busybox",
                "app=web");
        JsonNode rc = obj("rc", "\"spec\":{\"replicas\":2,\"selector\":{\"app\":\"web\"},\"template\":{\"spec\":{"
                + "\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"}]}}},"
                + "\"status\":{\"replicas\":2,\"readyReplicas\":1}");
        assertThat(header("", "replicationcontrollers")).containsExactly("Name:0", "Desired:0", "Current:0",
                "Ready:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("", "replicationcontrollers", rc)).containsExactly("rc", 2L, 2L, 1L, "3d2h", "nginx",
                "nginx:1.25", "app=web");
    }

    @Test
    void limitRangesUseTheDefaultTable() {
        assertThat(header("", "limitranges")).containsExactly("Name:0", "Created At:0");
        assertThat(cells("", "limitranges", obj("limits", ""))).containsExactly("limits", "2024-04-28T10:00:00Z");
    }

    @Test
    void componentStatuses() {
        JsonNode cs = json("{\"metadata\":{\"name\":\"etcd-0\"},\"conditions\":[{\"type\":\"Healthy\","
                + "\"status\":\"True\",\"message\":\"ok\"}]}");
        assertThat(cells("", "componentstatuses", cs)).containsExactly("etcd-0", "Healthy", "ok", "");
    }
}
