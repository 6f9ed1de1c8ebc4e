package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, Jobs and CronJobs through the API. */
class WorkloadStrategiesTest {

    private static final String APPS = "/apis/apps/v1/namespaces/default/";
    private static final String BATCH = "/apis/batch/v1/namespaces/default/";
    private static final String TEMPLATE = """
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}""";

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String workload(String name, String extraSpec) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                + extraSpec + TEMPLATE + "}}";
    }

    @Test
    void deploymentDefaults() throws Exception {
        JsonNode d = api.create(APPS + "deployments", workload("web", ""));
        JsonNode spec = d.path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("strategy").path("type").asString()).isEqualTo("RollingUpdate");
        assertThat(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asString()).isEqualTo("25%");
        assertThat(spec.path("strategy").path("rollingUpdate").path("maxSurge").asString()).isEqualTo("25%");
        assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(spec.path("progressDeadlineSeconds").asInt()).isEqualTo(600);
        JsonNode podSpec = spec.path("template").path("spec");
        assertThat(podSpec.path("restartPolicy").asString()).isEqualTo("Always");
        assertThat(podSpec.path("containers").get(0).path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(d.path("metadata").path("generation").asInt()).isEqualTo(1);
    }

    @Test
    void selectorMustMatchTemplateLabelsAndNotChange() throws Exception {
        Api.Reply mismatch = api.post(APPS + "deployments", """
                {"metadata":{"name":"mismatch"},"spec":{"selector":{"matchLabels":{"app":"other"}},""" + TEMPLATE + "}}");
        assertThat(mismatch.code()).isEqualTo(422);
        assertThat(mismatch.causes()).containsExactly("spec.template.metadata.labels: Invalid value: "
                + "map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
        Api.Reply noSelector = api.post(APPS + "replicasets",
                "{\"metadata\":{\"name\":\"nosel\"},\"spec\":{" + TEMPLATE + "}}");
        assertThat(noSelector.causes()).contains("spec.selector: Required value");
        Api.Reply negative = api.post(APPS + "deployments", workload("neg", "\"replicas\":-1,"));
        assertThat(negative.causes()).containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        Api.Reply never = api.post(APPS + "deployments", """
                {"metadata":{"name":"never"},"spec":{"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never",
                "containers":[{"name":"c","image":"nginx"}]}}}}""");
        assertThat(never.causes()).containsExactly(
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");

        api.create(APPS + "deployments", workload("fixed", ""));
        Api.Reply changed = api.mergePatch(APPS + "deployments/fixed", """
                {"spec":{"selector":{"matchLabels":{"app":"web","tier":"x"}},
                "template":{"metadata":{"labels":{"app":"web","tier":"x"}}}}}""");
        assertThat(changed.code()).isEqualTo(422);
        assertThat(changed.causes()).singleElement().asString().startsWith("spec.selector: Invalid value: ")
                .endsWith(": field is immutable");
    }

    @Test
    void scaleSubresourceReadsAndWritesReplicas() throws Exception {
        api.create(APPS + "deployments", workload("scaled", "\"replicas\":2,"));
        Api.Reply scale = api.get(APPS + "deployments/scaled/scale");
        assertThat(scale.code()).isEqualTo(200);
        assertThat(scale.body().path("kind").asString()).isEqualTo("Scale");
        assertThat(scale.body().path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(scale.body().path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.body().path("status").path("selector").asString()).isEqualTo("app=web");

        Api.Reply patched = api.mergePatch(APPS + "deployments/scaled/scale", "{\"spec\":{\"replicas\":5}}");
        assertThat(patched.code()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().path("spec").path("replicas").asInt()).isEqualTo(5);
        JsonNode d = api.get(APPS + "deployments/scaled").body();
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(d.path("metadata").path("generation").asInt()).isEqualTo(2);

        String rv = patched.body().path("metadata").path("resourceVersion").asString();
        Api.Reply put = api.put(APPS + "deployments/scaled/scale", """
                {"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"scaled","resourceVersion":"%s"},
                "spec":{"replicas":1}}""".formatted(rv));
        assertThat(put.code()).isEqualTo(200);
        assertThat(api.get(APPS + "deployments/scaled").body().path("spec").path("replicas").asInt()).isEqualTo(1);
        Api.Reply stale = api.put(APPS + "deployments/scaled/scale", """
                {"metadata":{"name":"scaled","resourceVersion":"%s"},"spec":{"replicas":3}}""".formatted(rv));
        assertThat(stale.code()).isEqualTo(409);
        Api.Reply negative = api.mergePatch(APPS + "deployments/scaled/scale", "{\"spec\":{\"replicas\":-2}}");
        assertThat(negative.code()).isEqualTo(422);
        assertThat(negative.causes()).contains("spec.replicas: Invalid value: -2: must be greater than or equal to 0");

        api.create("/api/v1/namespaces/default/replicationcontrollers", """
                {"metadata":{"name":"rc"},"spec":{""" + TEMPLATE + "}}");
        JsonNode rcScale = api.get("/api/v1/namespaces/default/replicationcontrollers/rc/scale").body();
        assertThat(rcScale.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(rcScale.path("status").path("selector").asString()).isEqualTo("app=web");
        assertThat(api.get(APPS + "daemonsets/none/scale").code()).isEqualTo(404);
    }

    @Test
    void statefulSetAndDaemonSetDefaults() throws Exception {
        JsonNode sts = api.create(APPS + "statefulsets", workload("db", ""));
        JsonNode spec = sts.path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("podManagementPolicy").asString()).isEqualTo("OrderedReady");
        assertThat(spec.path("updateStrategy").path("type").asString()).isEqualTo("RollingUpdate");
        assertThat(spec.path("updateStrategy").path("rollingUpdate").path("partition").asInt(-1)).isZero();
        assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(spec.has("serviceName")).isFalse();
        Api.Reply forbidden = api.mergePatch(APPS + "statefulsets/db", "{\"spec\":{\"serviceName\":\"db\"}}");
        assertThat(forbidden.causes()).singleElement().asString().startsWith(
                "spec: Forbidden: updates to statefulset spec for fields other than 'replicas'");
        assertThat(api.mergePatch(APPS + "statefulsets/db", "{\"spec\":{\"replicas\":3}}").code()).isEqualTo(200);

        JsonNode ds = api.create(APPS + "daemonsets", workload("agent", ""));
        assertThat(ds.path("spec").has("replicas")).isFalse();
        assertThat(ds.path("spec").path("updateStrategy").path("rollingUpdate").path("maxUnavailable").asInt())
                .isEqualTo(1);
        assertThat(ds.path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
    }

    @Test
    void replicationControllerSelectorAndLabelsDefaultToTheTemplate() throws Exception {
        JsonNode rc = api.create("/api/v1/namespaces/default/replicationcontrollers", """
                {"metadata":{"name":"legacy"},"spec":{""" + TEMPLATE + "}}");
        assertThat(rc.path("spec").path("selector").path("app").asString()).isEqualTo("web");
        assertThat(rc.path("metadata").path("labels").path("app").asString()).isEqualTo("web");
        assertThat(rc.path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void jobsGetAGeneratedSelectorAndDefaults() throws Exception {
        JsonNode job = api.create(BATCH + "jobs", """
                {"metadata":{"name":"pi"},"spec":{"template":{"spec":{"restartPolicy":"Never",
                "containers":[{"name":"pi","image":"perl"}]}}}}""");
        String uid = job.path("metadata").path("uid").asString();
        JsonNode spec = job.path("spec");
        assertThat(spec.path("selector").path("matchLabels").path("batch.kubernetes.io/controller-uid").asString())
                .isEqualTo(uid);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        assertThat(labels.path("batch.kubernetes.io/job-name").asString()).isEqualTo("pi");
        assertThat(labels.path("controller-uid").asString()).isEqualTo(uid);
        assertThat(spec.path("completions").asInt()).isEqualTo(1);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(1);
        assertThat(spec.path("backoffLimit").asInt()).isEqualTo(6);
        assertThat(spec.path("completionMode").asString()).isEqualTo("NonIndexed");
        assertThat(spec.path("suspend").asBoolean(true)).isFalse();

        Api.Reply restartAlways = api.post(BATCH + "jobs", """
                {"metadata":{"name":"always"},"spec":{"template":{"spec":{
                "containers":[{"name":"pi","image":"perl"}]}}}}""");
        assertThat(restartAlways.causes()).containsExactly(
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");

        Api.Reply template = api.mergePatch(BATCH + "jobs/pi",
                "{\"spec\":{\"template\":{\"spec\":{\"activeDeadlineSeconds\":5}}}}");
        assertThat(template.code()).isEqualTo(422);
        assertThat(template.causes()).singleElement().asString().startsWith("spec.template: Invalid value: ")
                .endsWith("field is immutable");
        assertThat(api.mergePatch(BATCH + "jobs/pi", "{\"spec\":{\"backoffLimit\":2}}").code()).isEqualTo(200);
    }

    @Test
    void cronJobDefaultsAndScheduleValidation() throws Exception {
        JsonNode cj = api.create(BATCH + "cronjobs", """
                {"metadata":{"name":"tick"},"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{
                "spec":{"restartPolicy":"OnFailure","containers":[{"name":"t","image":"busybox"}]}}}}}}""");
        JsonNode spec = cj.path("spec");
        assertThat(spec.path("concurrencyPolicy").asString()).isEqualTo("Allow");
        assertThat(spec.path("suspend").asBoolean(true)).isFalse();
        assertThat(spec.path("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(spec.path("failedJobsHistoryLimit").asInt()).isEqualTo(1);

        Api.Reply bad = api.post(BATCH + "cronjobs", """
                {"metadata":{"name":"bad"},"spec":{"schedule":"61 * * *","jobTemplate":{"spec":{"template":{
                "spec":{"containers":[{"name":"t","image":"busybox"}]}}}}}}""");
        assertThat(bad.code()).isEqualTo(422);
        assertThat(bad.causes()).containsExactly(
                "spec.schedule: Invalid value: \"61 * * *\": expected exactly 5 fields, found 4: [61 * * *]",
                "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
        Api.Reply range = api.post(BATCH + "cronjobs", """
                {"metadata":{"name":"range"},"spec":{"schedule":"0 25 * * *","jobTemplate":{"spec":{"template":{
                "spec":{"restartPolicy":"Never","containers":[{"name":"t","image":"busybox"}]}}}}}}""");
        assertThat(range.causes()).containsExactly(
                "spec.schedule: Invalid value: \"0 25 * * *\": end of range (25) above maximum (23): 25");
    }

    @Test
    void horizontalPodAutoscalersAreServedAsV1AndV2() throws Exception {
        JsonNode v1 = api.create("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", """
                {"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment",
                "name":"web"},"maxReplicas":5,"targetCPUUtilizationPercentage":70}}""");
        assertThat(v1.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(v1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
        assertThat(v1.path("spec").path("minReplicas").asInt()).isEqualTo(1);
        JsonNode v2 = api.get("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web").body();
        assertThat(v2.path("apiVersion").asString()).isEqualTo("autoscaling/v2");
        JsonNode metric = v2.path("spec").path("metrics").get(0);
        assertThat(metric.path("resource").path("name").asString()).isEqualTo("cpu");
        assertThat(metric.path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(70);

        // A memory metric written through v2 survives a v1 read-modify-write.
        Api.Reply withMemory = api.mergePatch("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web", """
                {"spec":{"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization",
                "averageUtilization":60}}},{"type":"Resource","resource":{"name":"memory","target":{
                "type":"AverageValue","averageValue":"100Mi"}}}]}}""");
        assertThat(withMemory.code()).isEqualTo(200);
        JsonNode asV1 = api.get("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web").body();
        assertThat(asV1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        assertThat(api.mergePatch("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web",
                "{\"spec\":{\"maxReplicas\":9}}").code()).isEqualTo(200);
        JsonNode after = api.get("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web").body();
        assertThat(after.path("spec").path("maxReplicas").asInt()).isEqualTo(9);
        assertThat(after.path("spec").path("metrics")).hasSize(2);
        assertThat(after.path("metadata").path("annotations").isMissingNode()).isTrue();
        JsonNode list = api.get("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers").body();
        assertThat(list.path("items").get(0).path("apiVersion").asString()).isEqualTo("autoscaling/v1");
    }

    @Test
    void eventsAreOneStoreSeenThroughTwoGroups() throws Exception {
        api.create("/apis/events.k8s.io/v1/namespaces/default/events", """
                {"metadata":{"name":"e1"},"eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"tests",
                "reportingInstance":"tests-1","action":"Check","reason":"Checked","note":"hello","type":"Normal",
                "regarding":{"kind":"Pod","name":"p","namespace":"default"}}""");
        JsonNode core = api.get("/api/v1/namespaces/default/events/e1").body();
        assertThat(core.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(core.path("message").asString()).isEqualTo("hello");
        assertThat(core.path("involvedObject").path("name").asString()).isEqualTo("p");
        assertThat(core.path("reportingComponent").asString()).isEqualTo("tests");
        JsonNode events = api.get("/apis/events.k8s.io/v1/namespaces/default/events/e1").body();
        assertThat(events.path("note").asString()).isEqualTo("hello");
        assertThat(events.has("message")).isFalse();
    }
}
