package dev.jube.api.table;

import static dev.jube.api.table.Tables.CREATED;
import static dev.jube.api.table.Tables.ago;
import static dev.jube.api.table.Tables.cells;
import static dev.jube.api.table.Tables.header;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** apps, batch, autoscaling and policy tables, cell by cell. */
class WorkloadTablesTest {

    private static final String TEMPLATE = "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{"
            + "\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"},{\"name\":\"log\",\"image\":\"busybox:1.36\"}]}}";

    private static JsonNode obj(String name, String rest) {
        return json("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"creationTimestamp\":\""
                + CREATED + "\"}," + rest + "}");
    }

    @Test
    void deployment() {
        JsonNode d = obj("web", "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"},"
                + "\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"frontend\",\"backend\"]}]},"
                + TEMPLATE + "},\"status\":{\"replicas\":3,\"readyReplicas\":2,\"updatedReplicas\":3,"
                + "\"availableReplicas\":2}");
        assertThat(header("apps", "deployments")).containsExactly("Name:0", "Ready:0", "Up-to-date:0",
                "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("apps", "deployments", d)).containsExactly("web", "2/3", 3L, 2L, "3d2h", "nginx,log",
                "nginx:1.25,busybox:1.36", "app=web,tier in (backend,frontend)");
    }

    @Test
    void deploymentDefaultsAndSelectorEdgeCases() {
        JsonNode d = obj("bare", "\"spec\":{\"selector\":{}," + TEMPLATE + "}");
        assertThat(cells("apps", "deployments", d)).containsExactly("bare", "0/1", 0L, 0L, "3d2h", "nginx,log",
                "nginx:1.25,busybox:1.36", "");
        JsonNode bad = obj("bad", "\"spec\":{\"replicas\":1,\"selector\":{\"matchExpressions\":[{\"key\":\"a\","
                + "\"operator\":\"Bogus\"}]}," + TEMPLATE + "}");
        assertThat(cells("apps", "deployments", bad).get(7)).isEqualTo("<invalid>");
    }

    @Test
    void replicaSet() {
        JsonNode rs = obj("web-7d4b9", "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{"
                + "\"pod-template-hash\":\"7d4b9\",\"app\":\"web\"}}," + TEMPLATE + "},"
                + "\"status\":{\"replicas\":3,\"readyReplicas\":3}");
        assertThat(header("apps", "replicasets")).containsExactly("Name:0", "Desired:0", "Current:0", "Ready:0",
                "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("apps", "replicasets", rs)).containsExactly("web-7d4b9", 3L, 3L, 3L, "3d2h", "nginx,log",
                "nginx:1.25,busybox:1.36", "app=web,pod-template-hash=7d4b9");
    }

    @Test
    void statefulSet() {
        JsonNode sts = obj("db", "\"spec\":{\"replicas\":3," + TEMPLATE + "},\"status\":{\"readyReplicas\":1}");
        assertThat(header("apps", "statefulsets")).containsExactly("Name:0", "Ready:0", "Age:0", "Containers:1",
                "Images:1");
        assertThat(cells("apps", "statefulsets", sts)).containsExactly("db", "1/3", "3d2h", "nginx,log",
                "nginx:1.25,busybox:1.36");
    }

    @Test
    void daemonSet() {
        JsonNode ds = obj("kube-proxy", "\"spec\":{\"selector\":{\"matchLabels\":{\"k8s-app\":\"kube-proxy\"}},"
                + "\"template\":{\"spec\":{\"nodeSelector\":{\"kubernetes.io/os\":\"linux\"},\"containers\":["
                + "{\"name\":\"kube-proxy\",\"image\":\"registry.k8s.io/kube-proxy:v1.32.0\"}]}}},"
                + "\"status\":{\"desiredNumberScheduled\":2,\"currentNumberScheduled\":2,\"numberReady\":1,"
                + "\"updatedNumberScheduled\":2,\"numberAvailable\":1}");
        assertThat(header("apps", "daemonsets")).containsExactly("Name:0", "Desired:0", "Current:0", "Ready:0",
                "Up-to-date:0", "Available:0", "Node Selector:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("apps", "daemonsets", ds)).containsExactly("kube-proxy", 2L, 2L, 1L, 2L, 1L,
                "kubernetes.io/os=linux", "3d2h", "kube-proxy", "registry.k8s.io/kube-proxy:v1.32.0",
                "k8s-app=kube-proxy");
    }

    @Test
    void controllerRevision() {
        JsonNode rev = json("{\"metadata\":{\"name\":\"kube-proxy-7d9\",\"creationTimestamp\":\"" + CREATED + "\","
                + "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"x\"},"
                + "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"name\":\"kube-proxy\",\"controller\":true}]},"
                + "\"revision\":2,\"data\":{}}");
        assertThat(cells("apps", "controllerrevisions", rev)).containsExactly("kube-proxy-7d9",
                "daemonset.apps/kube-proxy", 2L, "3d2h");
        JsonNode orphan = obj("o", "\"revision\":1");
        assertThat(cells("apps", "controllerrevisions", orphan).get(1)).isEqualTo("<none>");
    }

    @Test
    void completedJob() {
        JsonNode job = obj("pi", "\"spec\":{\"completions\":1,\"parallelism\":1,\"selector\":{\"matchLabels\":"
                + "{\"batch.kubernetes.io/controller-uid\":\"8f1c\"}},\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"pi\",\"image\":\"perl:5.34\"}]}}},\"status\":{\"succeeded\":1,\"startTime\":\""
                + ago(600) + "\",\"completionTime\":\"" + ago(570) + "\",\"conditions\":[{\"type\":\"SuccessCriteriaMet\","
                + "\"status\":\"True\"},{\"type\":\"Complete\",\"status\":\"True\"}]}");
        assertThat(header("batch", "jobs")).containsExactly("Name:0", "Status:0", "Completions:0", "Duration:0",
                "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("batch", "jobs", job)).containsExactly("pi", "Complete", "1/1", "30s", "3d2h", "pi",
                "perl:5.34", "batch.kubernetes.io/controller-uid=8f1c");
    }

    @Test
    void runningAndFailedJobs() {
        JsonNode running = obj("work", "\"spec\":{\"parallelism\":3,\"template\":{\"spec\":{\"containers\":[]}}},"
                + "\"status\":{\"succeeded\":0,\"active\":3,\"startTime\":\"" + ago(180) + "\"}");
        assertThat(cells("batch", "jobs", running).subList(1, 4)).containsExactly("Running", "0/1 of 3", "3m");
        JsonNode notStarted = obj("new", "\"spec\":{\"suspend\":true,\"template\":{\"spec\":{}}},\"status\":"
                + "{\"conditions\":[{\"type\":\"Suspended\",\"status\":\"True\"}]}");
        assertThat(cells("batch", "jobs", notStarted).subList(1, 4)).containsExactly("Suspended", "0/1", "");
        JsonNode failed = obj("bad", "\"spec\":{\"completions\":5,\"template\":{\"spec\":{}}},\"status\":{"
                + "\"succeeded\":2,\"failed\":6,\"conditions\":[{\"type\":\"FailureTarget\",\"status\":\"True\"},"
                + "{\"type\":\"Failed\",\"status\":\"True\"}]}");
        assertThat(cells("batch", "jobs", failed).subList(1, 3)).containsExactly("Failed", "2/5");
        JsonNode deleting = json("{\"metadata\":{\"name\":\"gone\",\"deletionTimestamp\":\"" + ago(1) + "\"},"
                + "\"spec\":{},\"status\":{\"conditions\":[{\"type\":\"Suspended\",\"status\":\"True\"}]}}");
        assertThat(cells("batch", "jobs", deleting).get(1)).isEqualTo("Terminating");
    }

    @Test
    void cronJobs() {
        JsonNode cj = obj("hello", "\"spec\":{\"schedule\":\"*/5 * * * *\",\"suspend\":false,\"jobTemplate\":{"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"hello\",\"image\":\"busybox\"}]}}}}},"
                + "\"status\":{\"active\":[{\"name\":\"hello-28571\"}],\"lastScheduleTime\":\"" + ago(120) + "\"}");
        assertThat(header("batch", "cronjobs")).containsExactly("Name:0", "Schedule:0", "Timezone:0", "Suspend:0",
                "Active:0", "Last Schedule:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        assertThat(cells("batch", "cronjobs", cj)).containsExactly("hello", "*/5 * * * *", "<none>", "False", 1L,
                "2m", "3d2h", "hello", "busybox", "<none>");
        JsonNode suspended = obj("nightly", "\"spec\":{\"schedule\":\"0 3 * * *\",\"timeZone\":\"Etc/UTC\","
                + "\"suspend\":true,\"jobTemplate\":{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
                + "\"template\":{\"spec\":{\"containers\":[]}}}}}");
        assertThat(cells("batch", "cronjobs", suspended)).containsExactly("nightly", "0 3 * * *", "Etc/UTC", "True",
                0L, "<none>", "3d2h", "", "", "a=b");
    }

    @Test
    void horizontalPodAutoscalerV2() {
        JsonNode hpa = obj("web", "\"spec\":{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"name\":\"web\"},\"minReplicas\":2,\"maxReplicas\":10,\"metrics\":["
                + "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\","
                + "\"averageUtilization\":50}}},"
                + "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":\"AverageValue\","
                + "\"averageValue\":\"500Mi\"}}}]},"
                + "\"status\":{\"currentReplicas\":3,\"desiredReplicas\":3,\"currentMetrics\":["
                + "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"current\":{\"averageUtilization\":23,"
                + "\"averageValue\":\"115m\"}}},"
                + "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"current\":{\"averageValue\":\"300Mi\"}}}]}");
        assertThat(header("autoscaling", "horizontalpodautoscalers")).containsExactly("Name:0", "Reference:0",
                "Targets:0", "MinPods:0", "MaxPods:0", "Replicas:0", "Age:0");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", hpa)).containsExactly("web", "Deployment/web",
                "cpu: 23%/50%, memory: 300Mi/500Mi", "2", 10L, 3L, "3d2h");
    }

    @Test
    void horizontalPodAutoscalerV1AndMoreMetrics() {
        JsonNode v1 = obj("api", "\"spec\":{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"api\"},"
                + "\"maxReplicas\":5,\"targetCPUUtilizationPercentage\":80}");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", v1)).containsExactly("api", "Deployment/api",
                "cpu: <unknown>/80%", "1", 5L, 0L, "3d2h");
        JsonNode v1Measured = obj("api", "\"spec\":{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"api\"},"
                + "\"maxReplicas\":5},\"status\":{\"currentReplicas\":2,\"currentCPUUtilizationPercentage\":7}");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", v1Measured).get(2)).isEqualTo("cpu: 7%/80%");
        JsonNode many = obj("q", "\"spec\":{\"scaleTargetRef\":{\"kind\":\"StatefulSet\",\"name\":\"q\"},"
                + "\"maxReplicas\":4,\"metrics\":["
                + "{\"type\":\"Pods\",\"pods\":{\"metric\":{\"name\":\"packets\"},\"target\":{\"type\":\"AverageValue\","
                + "\"averageValue\":\"1k\"}}},"
                + "{\"type\":\"External\",\"external\":{\"metric\":{\"name\":\"queue\"},\"target\":{\"type\":\"Value\","
                + "\"value\":\"30\"}}},"
                + "{\"type\":\"Object\",\"object\":{\"metric\":{\"name\":\"rps\"},\"target\":{\"type\":\"AverageValue\","
                + "\"averageValue\":\"10\"}}}]},"
                + "\"status\":{\"currentMetrics\":[{\"type\":\"Pods\",\"pods\":{\"current\":{\"averageValue\":\"500\"}}}]}");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", many).get(2))
                .isEqualTo("500/1k, <unknown>/30 + 1 more...");
    }

    @Test
    void podDisruptionBudget() {
        JsonNode min = obj("web", "\"spec\":{\"minAvailable\":2},\"status\":{\"disruptionsAllowed\":1}");
        assertThat(header("policy", "poddisruptionbudgets")).containsExactly("Name:0", "Min Available:0",
                "Max Unavailable:0", "Allowed Disruptions:0", "Age:0");
        assertThat(cells("policy", "poddisruptionbudgets", min)).containsExactly("web", "2", "N/A", 1L, "3d2h");
        JsonNode max = obj("db", "\"spec\":{\"maxUnavailable\":\"25%\"},\"status\":{\"disruptionsAllowed\":0}");
        assertThat(cells("policy", "poddisruptionbudgets", max)).containsExactly("db", "N/A", "25%", 0L, "3d2h");
    }
}
