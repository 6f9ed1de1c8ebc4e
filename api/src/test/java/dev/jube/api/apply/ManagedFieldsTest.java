package dev.jube.api.apply;

import static dev.jube.api.apply.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ManagedFieldsTest {

    private static final Schema DEPLOYMENT = Schema.forKind("apps/v1", "Deployment");
    private static final Schema POD = Schema.forKind("v1", "Pod");
    private static final Schema CONFIGMAP = Schema.forKind("v1", "ConfigMap");
    private static final Instant T1 = Instant.parse("2024-09-30T20:19:33Z");
    private static final Instant T2 = Instant.parse("2024-09-30T21:00:00Z");

    private static FieldManagerOptions at(Instant t) {
        return FieldManagerOptions.DEFAULT.withClock(Clock.fixed(t, ZoneOffset.UTC));
    }

    private static ObjectNode update(ObjectNode oldObj, ObjectNode newObj, String manager, Schema s, Instant t) {
        return ManagedFields.update(oldObj, newObj, manager, "Update", s, at(t));
    }

    private static ManagedFieldsEntry entry(JsonNode object, String manager) {
        return ManagedFields.decode(object).stream().filter(e -> e.manager().equals(manager)).findFirst().orElseThrow();
    }

    private static List<String> managers(JsonNode object) {
        List<String> out = new ArrayList<>();
        ManagedFields.decode(object).forEach(e -> out.add(e.manager()));
        return out;
    }

    /** The Deployment as the server holds it when kubectl create deployment writes it (defaults applied). */
    private static final String CREATED_DEPLOYMENT = """
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx-0930','namespace':'default',
             'creationTimestamp':null,'labels':{'app':'nginx-0930'}},'spec':{'progressDeadlineSeconds':600,
             'replicas':1,'revisionHistoryLimit':10,'selector':{'matchLabels':{'app':'nginx-0930'}},
             'strategy':{'rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'},'type':'RollingUpdate'},
             'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx-0930'}},'spec':{'containers':[
             {'image':'nginx:stable','imagePullPolicy':'Always','name':'nginx','resources':{},
             'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}],
             'dnsPolicy':'ClusterFirst','restartPolicy':'Always','schedulerName':'default-scheduler',
             'securityContext':{},'terminationGracePeriodSeconds':30}}},'status':{}}""";

    private static final String RUN_POD = """
            {'apiVersion':'v1','kind':'Pod','metadata':{'name':'nginx','namespace':'default','labels':{'run':'nginx'}},
             'spec':{'containers':[{'name':'nginx','image':'nginx','resources':{},
             'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',
             'imagePullPolicy':'Always'}],'restartPolicy':'Always','terminationGracePeriodSeconds':30,
             'dnsPolicy':'ClusterFirst','securityContext':{},'schedulerName':'default-scheduler',
             'enableServiceLinks':true},'status':{}}""";

    @Test
    void createRecordsWhatUpstreamRecordsForKubectlCreate() {
        ObjectNode out = update(null, obj(CREATED_DEPLOYMENT), "kubectl-create", DEPLOYMENT, T1);
        JsonNode mf = out.at("/metadata/managedFields");
        assertThat(mf.size()).isEqualTo(1);
        assertThat(mf.get(0).get("manager").stringValue()).isEqualTo("kubectl-create");
        assertThat(mf.get(0).get("operation").stringValue()).isEqualTo("Update");
        assertThat(mf.get(0).get("apiVersion").stringValue()).isEqualTo("apps/v1");
        assertThat(mf.get(0).get("time").stringValue()).isEqualTo("2024-09-30T20:19:33Z");
        assertThat(FieldSet.parseFieldsV1(mf.get(0).get("fieldsV1")).toFieldsV1())
                .isEqualTo(FieldSetTest.CREATED_DEPLOYMENT);
    }

    @Test
    void createRecordsWhatUpstreamRecordsForKubectlRun() {
        ObjectNode out = update(null, obj(RUN_POD), "kubectl-run", POD, T1);
        assertThat(entry(out, "kubectl-run").fields().toFieldsV1()).isEqualTo(FieldSetTest.KUBECTL_RUN_POD);
    }

    @Test
    void updateThatChangesNothingLeavesEntriesAlone() {
        ObjectNode created = update(null, obj(RUN_POD), "kubectl-run", POD, T1);
        ObjectNode same = created.deepCopy();
        ((ObjectNode) same.get("metadata")).put("resourceVersion", "7");
        ObjectNode out = update(created, same, "kubectl-edit", POD, T2);
        assertThat(out.at("/metadata/managedFields")).isEqualTo(created.at("/metadata/managedFields"));
    }

    @Test
    void updatesMergeIntoOneEntryPerManagerOperationAndVersion() {
        ObjectNode cm = update(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}"),
                "ctl", CONFIGMAP, T1);
        ObjectNode next = cm.deepCopy();
        ((ObjectNode) next.get("data")).put("b", "2");
        cm = update(cm, next, "ctl", CONFIGMAP, T2);
        assertThat(managers(cm)).containsExactly("ctl");
        assertThat(entry(cm, "ctl").fields().toFieldsV1())
                .isEqualTo("{\"f:data\":{\".\":{},\"f:a\":{},\"f:b\":{}}}");
        assertThat(entry(cm, "ctl").time()).isEqualTo(T2);
        // Another manager changing a field takes it; removing one removes it from its owner.
        ObjectNode other = cm.deepCopy();
        ((ObjectNode) other.get("data")).put("a", "changed");
        ((ObjectNode) other.get("data")).remove("b");
        ObjectNode out = update(cm, other, "Go-http-client", CONFIGMAP, T2);
        assertThat(entry(out, "ctl").fields().toFieldsV1()).isEqualTo("{\"f:data\":{}}");
        assertThat(entry(out, "Go-http-client").fields().toFieldsV1()).isEqualTo("{\"f:data\":{\"f:a\":{}}}");
    }

    @Test
    void entriesForAnotherApiVersionStaySeparate() {
        ObjectNode v1 = obj("{'apiVersion':'example.com/v1','kind':'Thing','metadata':{'name':'t'},'spec':{'a':1}}");
        ObjectNode out = update(null, v1, "ctl", Schema.DEDUCED, T1);
        ObjectNode v2 = out.deepCopy().put("apiVersion", "example.com/v2");
        ((ObjectNode) v2.get("spec")).put("b", 2);
        out = update(out, v2, "ctl", Schema.DEDUCED, T2);
        List<ManagedFieldsEntry> entries = ManagedFields.decode(out);
        assertThat(entries).extracting(ManagedFieldsEntry::apiVersion).containsExactly("example.com/v1", "example.com/v2");
    }

    @Test
    void managedFieldsSentByTheClientAreTakenOrResetOrIgnored() {
        ObjectNode created = update(null, obj(RUN_POD), "kubectl-run", POD, T1);
        // Omitted: the stored ones are kept.
        ObjectNode omitted = created.deepCopy();
        ((ObjectNode) omitted.get("metadata")).remove("managedFields");
        assertThat(managers(update(created, omitted, "x", POD, T2))).containsExactly("kubectl-run");
        // An empty list or one empty entry resets them.
        for (String reset : List.of("[]", "[{}]")) {
            ObjectNode r = created.deepCopy();
            ((ObjectNode) r.get("metadata")).set("managedFields", Json.node(reset));
            ObjectNode out = update(created, r, "x", POD, T2);
            assertThat(out.at("/metadata").has("managedFields")).as(reset).isFalse();
        }
        // Edited entries are taken as sent.
        ObjectNode edited = created.deepCopy();
        ((ObjectNode) edited.at("/metadata/managedFields/0")).put("manager", "renamed");
        assertThat(managers(update(created, edited, "x", POD, T2))).containsExactly("renamed");
        // Garbage falls back to the stored ones.
        ObjectNode garbage = created.deepCopy();
        ((ObjectNode) garbage.get("metadata")).set("managedFields", Json.node("[{'manager':'m','operation':'Nope'}]"));
        assertThat(managers(update(created, garbage, "x", POD, T2))).containsExactly("kubectl-run");
        // Through a subresource the stored ones always win.
        ObjectNode viaStatus = ManagedFields.update(created, edited, "x", "Update", POD, at(T2).withSubresource("status"));
        assertThat(managers(viaStatus)).containsExactly("kubectl-run");
    }

    @Test
    void undecodableStoredEntriesAreDroppedNotFatal() {
        ObjectNode broken = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','managedFields':"
                + "[{'manager':'m','operation':'Update','apiVersion':'v1','fieldsType':'FieldsV2'}]},'data':{'a':'1'}}");
        ObjectNode next = broken.deepCopy();
        ((ObjectNode) next.get("data")).put("a", "2");
        ((ObjectNode) next.get("metadata")).remove("managedFields");
        ObjectNode out = update(broken, next, "ctl", CONFIGMAP, T1);
        assertThat(managers(out)).containsExactly("ctl");
        assertThatThrownBy(() -> ManagedFields.decode(broken))
                .hasMessage("invalid fieldsType \"FieldsV2\" in managed fields entry 0");
    }

    @Test
    void onlyUpdateOperationIsAccepted() {
        assertThatThrownBy(() -> ManagedFields.update(null, obj(RUN_POD), "m", "Apply", POD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void managerDefaultsFromTheUserAgent() {
        assertThat(ManagedFields.managerFromUserAgent("kubectl/v1.32.0 (linux/amd64) kubernetes/abc")).isEqualTo("kubectl");
        assertThat(ManagedFields.managerFromUserAgent("Go-http-client/1.1")).isEqualTo("Go-http-client");
        assertThat(ManagedFields.managerFromUserAgent("fabric8-kubernetes-client/8.0.0")).isEqualTo("fabric8-kubernetes-client");
        assertThat(ManagedFields.managerFromUserAgent("a\u0001b")).isEqualTo("ab");
        assertThat(ManagedFields.managerFromUserAgent("x".repeat(200))).hasSize(128);
        assertThat(ManagedFields.managerFromUserAgent(null)).isEmpty();
        assertThat(ManagedFields.validateManagerName("kubectl-edit")).isNull();
        assertThat(ManagedFields.validateManagerName("x".repeat(129))).contains("Too long");
        assertThat(ManagedFields.validateManagerName("a\nb")).contains("printable");
    }

    @Test
    void encodedInUpstreamOrder() {
        FieldSet f = FieldSet.of(FieldPath.fields("a"));
        ArrayNode out = ManagedFields.encode(List.of(
                new ManagedFieldsEntry("z", "Update", "v1", T1, f, ""),
                new ManagedFieldsEntry("b", "Update", "v1", T2, f, "status"),
                new ManagedFieldsEntry("a", "Update", "v1", T2, f, ""),
                new ManagedFieldsEntry("y", "Apply", "v1", T2, f, ""),
                new ManagedFieldsEntry("empty", "Update", "v1", T2, FieldSet.empty(), "")));
        List<String> order = new ArrayList<>();
        out.forEach(e -> order.add(e.get("manager").stringValue()));
        assertThat(order).containsExactly("y", "z", "a", "b");
        assertThat(out.get(3).propertyNames()).containsExactly("manager", "operation", "apiVersion", "time",
                "fieldsType", "fieldsV1", "subresource");
        assertThat(ManagedFields.decode(obj("{'metadata':{}}").set("metadata",
                obj("{}").set("managedFields", out)))).hasSize(4);
    }

    @Test
    void moreThanTenUpdatersFoldIntoAncientChanges() {
        ObjectNode cm = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{}}");
        for (int i = 0; i < 12; i++) {
            ObjectNode next = cm.deepCopy();
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            cm = update(cm, next, "m" + i, CONFIGMAP, T1.plusSeconds(i));
        }
        List<String> names = managers(cm);
        assertThat(names).hasSize(10).contains("ancient-changes").doesNotContain("m0", "m1", "m2").contains("m11");
        ManagedFieldsEntry bucket = entry(cm, "ancient-changes");
        assertThat(bucket.fields().toFieldsV1()).isEqualTo("{\"f:data\":{\"f:k0\":{},\"f:k1\":{},\"f:k2\":{}}}");
        assertThat(bucket.time()).isEqualTo(T1.plusSeconds(2));
    }
}
