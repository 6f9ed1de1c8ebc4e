package dev.jube.api.apply;

import static dev.jube.api.apply.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {

    private static final Schema DEPLOYMENT = Schema.forKind("apps/v1", "Deployment");
    private static final Schema CONFIGMAP = Schema.forKind("v1", "ConfigMap");
    private static final Schema POD = Schema.forKind("v1", "Pod");
    private static final Instant T1 = Instant.parse("2024-10-02T17:07:58Z");
    private static final Instant T2 = Instant.parse("2024-10-02T18:00:00Z");

    private static FieldManagerOptions at(Instant t) {
        return FieldManagerOptions.DEFAULT.withClock(Clock.fixed(t, ZoneOffset.UTC));
    }

    /** The body kubectl apply --server-side sent for a Deployment, from a real request log. */
    static final String KUBECTL_DEPLOYMENT = """
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'labels':{'app':'nginx-0930'},'name':'nginx-0930',
             'namespace':'default'},'spec':{'progressDeadlineSeconds':600,'replicas':1,'revisionHistoryLimit':10,
             'selector':{'matchLabels':{'app':'nginx-0930'}},'strategy':{'rollingUpdate':{'maxSurge':'25%',
             'maxUnavailable':'25%'},'type':'RollingUpdate'},'template':{'metadata':{'creationTimestamp':null,
             'labels':{'app':'nginx-0930'}},'spec':{'containers':[{'image':'nginx:stable','imagePullPolicy':'Always',
             'name':'nginx','resources':{},'terminationMessagePath':'/dev/termination-log',
             'terminationMessagePolicy':'File'}],'dnsPolicy':'ClusterFirst','restartPolicy':'Always',
             'schedulerName':'default-scheduler','securityContext':{},'terminationGracePeriodSeconds':30}}}}""";

    private static ObjectNode deployment(String spec) {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},"
                + "'spec':" + spec + "}");
    }

    private static ObjectNode configMap(String rest) {
        return obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'" + rest + "}");
    }

    private static ApplyResult apply(ObjectNode live, ObjectNode applied, String manager, boolean force, Schema s) {
        return ServerSideApply.apply(live, applied, manager, force, s, at(T1));
    }

    private static List<ManagedFieldsEntry> entries(JsonNode object) {
        return ManagedFields.decode(object);
    }

    private static ManagedFieldsEntry entry(JsonNode object, String manager) {
        return entries(object).stream().filter(e -> e.manager().equals(manager)).findFirst().orElseThrow();
    }

    private static List<String> managers(JsonNode object) {
        List<String> out = new ArrayList<>();
        entries(object).forEach(e -> out.add(e.manager()));
        return out;
    }

    /** A Deployment that kubectl's client-side apply created (an Update by kubectl-client-side-apply). */
    private static ObjectNode clientSideApplied(int replicas) {
        ObjectNode d = deployment("{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'app:1'}]}}}");
        ObjectNode lastApplied = d.deepCopy();
        ((ObjectNode) d.get("metadata")).putObject("annotations")
                .put(ServerSideApply.LAST_APPLIED, GoJson.toJson(lastApplied) + "\n");
        return ManagedFields.update(null, d, "kubectl-client-side-apply", "Update", DEPLOYMENT, at(T1));
    }

    // ---------------------------------------------------------------- create

    @Test
    void createByApplyRecordsExactlyTheAppliedFields() {
        ApplyResult r = ServerSideApply.apply(null, obj(KUBECTL_DEPLOYMENT), "jun", false, DEPLOYMENT, at(T1));
        assertThat(r.changed()).isTrue();
        JsonNode mf = r.object().at("/metadata/managedFields");
        assertThat(mf.size()).isEqualTo(1);
        assertThat(mf.get(0).propertyNames()).containsExactly("manager", "operation", "apiVersion", "time",
                "fieldsType", "fieldsV1");
        assertThat(mf.get(0).get("manager").stringValue()).isEqualTo("jun");
        assertThat(mf.get(0).get("operation").stringValue()).isEqualTo("Apply");
        assertThat(mf.get(0).get("apiVersion").stringValue()).isEqualTo("apps/v1");
        assertThat(mf.get(0).get("time").stringValue()).isEqualTo("2024-10-02T17:07:58Z");
        assertThat(mf.get(0).get("fieldsType").stringValue()).isEqualTo("FieldsV1");
        // Byte-equal to what the real API server recorded for this very request.
        assertThat(FieldSet.parseFieldsV1(mf.get(0).get("fieldsV1")).toFieldsV1())
                .isEqualTo(FieldSetTest.APPLIED_DEPLOYMENT);
        assertThat(r.object().at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("nginx:stable");
        assertThat(r.object().at("/spec/replicas").intValue()).isEqualTo(1);
    }

    @Test
    void applyingTheSameConfigurationAgainChangesNothing() {
        ObjectNode created = apply(null, obj(KUBECTL_DEPLOYMENT), "jun", false, DEPLOYMENT).object();
        ApplyResult again = ServerSideApply.apply(created, obj(KUBECTL_DEPLOYMENT), "jun", false, DEPLOYMENT, at(T2));
        assertThat(again.changed()).isFalse();
        assertThat(again.object()).isEqualTo(created);
        assertThat(entry(again.object(), "jun").time()).isEqualTo(T1);
    }

    // ---------------------------------------------------------------- conflicts

    @Test
    void secondApplierChangingAnOwnedFieldConflicts() {
        ObjectNode live = clientSideApplied(3);
        ApplyConflictException e = catchThrowableOfType(ApplyConflictException.class,
                () -> apply(live, deployment("{'replicas':5}"), "my-controller", false, DEPLOYMENT));
        assertThat(e).hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" "
                + "using apps/v1: .spec.replicas");
        assertThat(e.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo(".spec.replicas");
            assertThat(c.causeMessage()).isEqualTo("conflict with \"kubectl-client-side-apply\" using apps/v1");
            assertThat(c.manager()).isEqualTo("kubectl-client-side-apply");
        });
        assertThat(ApplyConflictException.CAUSE_REASON).isEqualTo("FieldManagerConflict");
    }

    @Test
    void conflictsWithSeveralManagersAreGroupedBySortedManager() {
        ObjectNode live = apply(null, deployment("{'replicas':1,'paused':false}"), "zeta", false, DEPLOYMENT).object();
        live = apply(live, configLabels(deployment("{'minReadySeconds':5}"), "a", "1"), "alpha", false, DEPLOYMENT).object();
        ObjectNode finalLive = live;
        ApplyConflictException e = catchThrowableOfType(ApplyConflictException.class, () -> apply(finalLive,
                configLabels(deployment("{'replicas':2,'paused':true,'minReadySeconds':6}"), "a", "2"),
                "third", false, DEPLOYMENT));
        assertThat(e).hasMessage("""
                Apply failed with 4 conflicts: conflicts with "alpha":
                - .metadata.labels.a
                - .spec.minReadySeconds
                conflicts with "zeta":
                - .spec.paused
                - .spec.replicas""");
        assertThat(e.conflicts()).extracting(ApplyConflictException.Conflict::field)
                .containsExactly(".metadata.labels.a", ".spec.minReadySeconds", ".spec.paused", ".spec.replicas");
    }

    private static ObjectNode configLabels(ObjectNode o, String k, String v) {
        ((ObjectNode) o.get("metadata")).putObject("labels").put(k, v);
        return o;
    }

    @Test
    void applyingTheSameValueSharesOwnership() {
        ObjectNode live = clientSideApplied(3);
        ObjectNode out = apply(live, deployment("{'replicas':3}"), "my-controller", false, DEPLOYMENT).object();
        assertThat(entry(out, "my-controller").fields().has(FieldPath.fields("spec", "replicas"))).isTrue();
        assertThat(entry(out, "kubectl-client-side-apply").fields().has(FieldPath.fields("spec", "replicas"))).isTrue();
        // Now neither may change it alone.
        assertThatThrownBy(() -> apply(out, deployment("{'replicas':4}"), "my-controller", false, DEPLOYMENT))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessageContaining("conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode live = clientSideApplied(3);
        ApplyResult r = apply(live, deployment("{'replicas':5}"), "my-controller", true, DEPLOYMENT);
        ObjectNode out = r.object();
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(5);
        FieldPath replicas = FieldPath.fields("spec", "replicas");
        assertThat(entry(out, "my-controller").fields().has(replicas)).isTrue();
        assertThat(entry(out, "kubectl-client-side-apply").fields().has(replicas)).isFalse();
        // The previous owner keeps everything else.
        assertThat(entry(out, "kubectl-client-side-apply").fields().has(FieldPath.fields("spec", "selector"))).isTrue();
        assertThat(out.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("app:1");
    }

    // ---------------------------------------------------------------- removal

    @Test
    void fieldDroppedFromTheConfigurationIsDeletedWhenSolelyOwned() {
        ObjectNode live = apply(null, configMap(",'labels':{'a':'1','b':'2'}},'data':{'x':'1','y':'2'}"),
                "mgr", false, CONFIGMAP).object();
        ObjectNode out = apply(live, configMap(",'labels':{'a':'1'}},'data':{'x':'1'}"), "mgr", false, CONFIGMAP)
                .object();
        assertThat(out.at("/metadata/labels")).isEqualTo(Json.node("{'a':'1'}"));
        assertThat(out.get("data")).isEqualTo(Json.node("{'x':'1'}"));
        assertThat(entry(out, "mgr").fields().toFieldsV1())
                .isEqualTo("{\"f:data\":{\"f:x\":{}},\"f:metadata\":{\"f:labels\":{\"f:a\":{}}}}");
    }

    @Test
    void fieldDroppedFromTheConfigurationStaysWhenShared() {
        ObjectNode live = apply(null, configMap(",'labels':{'a':'1','b':'2'}}"), "one", false, CONFIGMAP).object();
        live = apply(live, configMap(",'labels':{'b':'2'}}"), "two", false, CONFIGMAP).object();
        ObjectNode out = apply(live, configMap(",'labels':{'a':'1'}}"), "one", false, CONFIGMAP).object();
        assertThat(out.at("/metadata/labels")).isEqualTo(Json.node("{'a':'1','b':'2'}"));
        assertThat(entry(out, "one").fields().has(FieldPath.fields("metadata", "labels", "b"))).isFalse();
        assertThat(entry(out, "two").fields().has(FieldPath.fields("metadata", "labels", "b"))).isTrue();
        // When the last owner lets go too, it goes.
        ObjectNode gone = apply(out, configMap("}"), "two", false, CONFIGMAP).object();
        assertThat(gone.at("/metadata/labels")).isEqualTo(Json.node("{'a':'1'}"));
        assertThat(managers(gone)).containsExactly("one");
    }

    @Test
    void emptiedMapsDisappear() {
        ObjectNode live = apply(null, configMap(",'labels':{'a':'1'}},'data':{'x':'1'}"), "m", false, CONFIGMAP).object();
        ObjectNode out = apply(live, configMap("},'data':{'x':'1'}"), "m", false, CONFIGMAP).object();
        assertThat(out.get("metadata").has("labels")).isFalse();
        assertThat(out.at("/metadata/name").stringValue()).isEqualTo("cm");
    }

    @Test
    void fieldsOwnedByAnUpdaterAreNotRemovedByAnApplier() {
        ObjectNode live = apply(null, configMap(",'labels':{'a':'1'}}"), "applier", false, CONFIGMAP).object();
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/metadata/labels")).put("edited", "yes");
        live = ManagedFields.update(live, edited, "kubectl-edit", "Update", CONFIGMAP, at(T1));
        ObjectNode out = apply(live, configMap(",'labels':{'a':'1'}}"), "applier", false, CONFIGMAP).object();
        assertThat(out.at("/metadata/labels")).isEqualTo(Json.node("{'a':'1','edited':'yes'}"));
    }

    // ---------------------------------------------------------------- lists

    private static ObjectNode pod(String spec) {
        return obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':" + spec + "}");
    }

    @Test
    void containersMergeByNameAcrossManagers() {
        ObjectNode live = apply(null, pod("{'containers':[{'name':'app','image':'app:1'}]}"), "a", false, POD).object();
        live = apply(live, pod("{'containers':[{'name':'sidecar','image':'side:1'}]}"), "b", false, POD).object();
        assertThat(live.at("/spec/containers")).isEqualTo(Json.node(
                "[{'name':'app','image':'app:1'},{'name':'sidecar','image':'side:1'}]"));
        assertThat(entry(live, "b").fields().toFieldsV1()).isEqualTo(
                "{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"sidecar\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{}}}}}");
        // a updates its container; b's stays.
        live = apply(live, pod("{'containers':[{'name':'app','image':'app:2'}]}"), "a", false, POD).object();
        assertThat(live.at("/spec/containers")).isEqualTo(Json.node(
                "[{'name':'app','image':'app:2'},{'name':'sidecar','image':'side:1'}]"));
        // b adds a field to a's container: shared item, b owns only its field.
        live = apply(live, pod("{'containers':[{'name':'sidecar','image':'side:1'},{'name':'app','args':['-v']}]}"),
                "b", false, POD).object();
        // Shared items follow the latest configuration's order, as upstream's merge does.
        assertThat(live.at("/spec/containers")).isEqualTo(Json.node(
                "[{'name':'sidecar','image':'side:1'},{'name':'app','image':'app:2','args':['-v']}]"));
        // a drops its container: b still owns it, so it stays with what b owns.
        ObjectNode out = apply(live, pod("{'containers':[]}"), "a", false, POD).object();
        assertThat(out.at("/spec/containers")).hasSize(2);
    }

    @Test
    void solelyOwnedContainerIsRemovedWhenDropped() {
        ObjectNode live = apply(null, pod("{'containers':[{'name':'app','image':'a'},{'name':'debug','image':'d'}]}"),
                "a", false, POD).object();
        live = apply(live, pod("{'containers':[{'name':'extra','image':'e'}]}"), "b", false, POD).object();
        ObjectNode out = apply(live, pod("{'containers':[{'name':'app','image':'a'}]}"), "a", false, POD).object();
        assertThat(out.at("/spec/containers")).isEqualTo(Json.node(
                "[{'name':'app','image':'a'},{'name':'extra','image':'e'}]"));
    }

    @Test
    void mergedItemsKeepLiveOnlyItemsInPlaceAndFollowTheConfigurationOrder() {
        ObjectNode live = apply(null, pod("{'containers':[{'name':'b'},{'name':'x'},{'name':'a'}]}"), "m", false, POD)
                .object();
        ObjectNode out = apply(live, pod("{'containers':[{'name':'a'},{'name':'b'}]}"), "other", false, POD).object();
        assertThat(out.at("/spec/containers")).isEqualTo(Json.node("[{'name':'x'},{'name':'a'},{'name':'b'}]"));
        ObjectNode added = apply(live, pod("{'containers':[{'name':'new'},{'name':'x'}]}"), "other", false, POD).object();
        assertThat(added.at("/spec/containers")).isEqualTo(Json.node(
                "[{'name':'b'},{'name':'new'},{'name':'x'},{'name':'a'}]"));
    }

    @Test
    void portsAreKeyedByPortAndDefaultedProtocol() {
        ObjectNode live = pod("{'containers':[{'name':'app','ports':[{'containerPort':80,'protocol':'TCP','name':'http'}]}]}");
        live = ManagedFields.update(null, live, "creator", "Update", POD, at(T1));
        ObjectNode out = apply(live, pod("{'containers':[{'name':'app','ports':[{'containerPort':80,'hostPort':8080},"
                + "{'containerPort':80,'protocol':'UDP'}]}]}"), "ssa", false, POD).object();
        assertThat(out.at("/spec/containers/0/ports")).isEqualTo(Json.node(
                "[{'containerPort':80,'protocol':'TCP','name':'http','hostPort':8080},{'containerPort':80,'protocol':'UDP'}]"));
        assertThat(entry(out, "ssa").fields().toFieldsV1()).contains(
                "\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},\"f:hostPort\":{}}");
    }

    @Test
    void finalizersAreASet() {
        ObjectNode live = apply(null, configMap(",'finalizers':['a','shared']}"), "one", false, CONFIGMAP).object();
        live = apply(live, configMap(",'finalizers':['b','shared']}"), "two", false, CONFIGMAP).object();
        assertThat(live.at("/metadata/finalizers")).isEqualTo(Json.node("['a','b','shared']"));
        assertThat(entry(live, "two").fields().toFieldsV1())
                .isEqualTo("{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"b\\\"\":{},\"v:\\\"shared\\\"\":{}}}}");
        ObjectNode out = apply(live, configMap("}"), "one", false, CONFIGMAP).object();
        assertThat(out.at("/metadata/finalizers")).isEqualTo(Json.node("['b','shared']"));
        ObjectNode none = apply(out, configMap("}"), "two", false, CONFIGMAP).object();
        assertThat(none.at("/metadata").has("finalizers")).isFalse();
    }

    @Test
    void atomicListsAreReplacedWholeAndOwnedAsOne() {
        ObjectNode live = apply(null, pod("{'containers':[{'name':'app','args':['x','y']}],"
                + "'tolerations':[{'key':'k1','operator':'Exists'}]}"), "one", false, POD).object();
        assertThat(entry(live, "one").fields().has(FieldPath.fields("spec", "tolerations"))).isTrue();
        assertThatThrownBy(() -> apply(live, pod("{'tolerations':[{'key':'k2','operator':'Exists'}]}"), "two", false, POD))
                .hasMessage("Apply failed with 1 conflict: conflict with \"one\": .spec.tolerations");
        ObjectNode out = apply(live, pod("{'tolerations':[{'key':'k2','operator':'Exists'}]}"), "two", true, POD).object();
        assertThat(out.at("/spec/tolerations")).isEqualTo(Json.node("[{'key':'k2','operator':'Exists'}]"));
        assertThat(entry(out, "one").fields().has(FieldPath.fields("spec", "tolerations"))).isFalse();
    }

    @Test
    void atomicSelectorIsOwnedWhole() {
        ObjectNode out = apply(null, deployment("{'selector':{'matchLabels':{'app':'web'}}}"), "m", false, DEPLOYMENT)
                .object();
        assertThat(entry(out, "m").fields().toFieldsV1()).isEqualTo("{\"f:spec\":{\"f:selector\":{}}}");
        // A second applier's different selector replaces it whole (after force), it does not merge.
        ObjectNode forced = apply(out, deployment("{'selector':{'matchExpressions':[]}}"), "n", true, DEPLOYMENT).object();
        assertThat(forced.at("/spec/selector")).isEqualTo(Json.node("{'matchExpressions':[]}"));
    }

    @Test
    void duplicateItemsInTheConfigurationAreInvalid() {
        ApplyException e = catchThrowableOfType(ApplyException.class, () -> apply(null,
                pod("{'containers':[{'name':'a'},{'name':'a'}]}"), "m", false, POD));
        assertThat(e.kind()).isEqualTo(ApplyException.Kind.INVALID);
        assertThat(e.getMessage()).contains("spec.containers").contains("duplicate entries for key [name=\"a\"]");
        ApplyException missing = catchThrowableOfType(ApplyException.class, () -> apply(null,
                pod("{'containers':[{'image':'a'}]}"), "m", false, POD));
        assertThat(missing.getMessage()).contains("omits key field \"name\"");
    }

    // ---------------------------------------------------------------- null

    @Test
    void explicitNullIsOwnedAndLeavesNoValue() {
        ObjectNode live = apply(null, configMap("},'data':{'x':'1'}"), "one", false, CONFIGMAP).object();
        assertThatThrownBy(() -> apply(live, configMap("},'data':{'x':null}"), "two", false, CONFIGMAP))
                .hasMessage("Apply failed with 1 conflict: conflict with \"one\": .data.x");
        ObjectNode out = apply(live, configMap("},'data':{'x':null,'y':'2'}"), "two", true, CONFIGMAP).object();
        assertThat(out.get("data")).isEqualTo(Json.node("{'y':'2'}"));
        assertThat(entry(out, "two").fields().has(FieldPath.fields("data", "x"))).isTrue();
    }

    @Test
    void nullForAGranularMapKeepsOthersMembers() {
        ObjectNode live = apply(null, configMap(",'labels':{'a':'1'}}"), "one", false, CONFIGMAP).object();
        ObjectNode out = apply(live, configMap(",'labels':null}"), "two", false, CONFIGMAP).object();
        assertThat(out.at("/metadata/labels")).isEqualTo(Json.node("{'a':'1'}"));
        assertThat(entry(out, "two").fields().has(FieldPath.fields("metadata", "labels"))).isTrue();
    }

    // ---------------------------------------------------------------- Update interplay

    @Test
    void kubectlEditTakesFieldsFromTheApplier() {
        ObjectNode live = apply(null, deployment("{'replicas':2,'template':{'spec':{'containers':[{'name':'app','image':'a:1'}]}}}"),
                "kubectl", false, DEPLOYMENT).object();
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "a:2");
        ObjectNode afterEdit = ManagedFields.update(live, edited, "kubectl-edit", "Update", DEPLOYMENT, at(T2));
        FieldPath image = FieldPath.fields("spec", "template", "spec", "containers")
                .append(PathElement.key(java.util.Map.of("name", Json.node("'app'".replace('\'', '"')))))
                .append(PathElement.field("image"));
        assertThat(entry(afterEdit, "kubectl-edit").fields().paths()).containsExactly(image);
        assertThat(entry(afterEdit, "kubectl").fields().has(image)).isFalse();
        assertThat(entry(afterEdit, "kubectl-edit").time()).isEqualTo(T2);
        // Re-applying the old image now conflicts with the editor.
        ApplyConflictException e = catchThrowableOfType(ApplyConflictException.class, () -> apply(afterEdit,
                deployment("{'replicas':2,'template':{'spec':{'containers':[{'name':'app','image':'a:1'}]}}}"),
                "kubectl", false, DEPLOYMENT));
        assertThat(e).hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: "
                + ".spec.template.spec.containers[name=\"app\"].image");
    }

    @Test
    void firstApplyOverAnUntrackedObjectKeepsItsFieldsWithBeforeFirstApply() {
        ObjectNode untracked = deployment("{'replicas':3,'paused':true}");
        ApplyConflictException e = catchThrowableOfType(ApplyConflictException.class,
                () -> apply(untracked, deployment("{'replicas':4}"), "ssa", false, DEPLOYMENT));
        assertThat(e).hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: "
                + ".spec.replicas");
        ObjectNode out = apply(untracked, deployment("{'minReadySeconds':4}"), "ssa", false, DEPLOYMENT).object();
        assertThat(managers(out)).containsExactly("ssa", "before-first-apply");
        assertThat(entry(out, "before-first-apply").fields().toFieldsV1())
                .isEqualTo("{\"f:spec\":{\"f:paused\":{},\"f:replicas\":{}}}");
        assertThat(entry(out, "before-first-apply").operation()).isEqualTo("Update");
    }

    @Test
    void kubectlMovesFromClientSideToServerSideApplyWithoutConflicts() {
        ObjectNode live = clientSideApplied(3);
        ObjectNode config = deployment("{'replicas':5,'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'app:2'}]}}}");
        ApplyResult r = apply(live, config, "kubectl", false, DEPLOYMENT);
        ObjectNode out = r.object();
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(5);
        FieldPath replicas = FieldPath.fields("spec", "replicas");
        assertThat(entry(out, "kubectl").fields().has(replicas)).isTrue();
        assertThat(entries(out).stream().filter(x -> x.manager().equals("kubectl-client-side-apply"))
                .noneMatch(x -> x.fields().has(replicas))).isTrue();
        // The annotation follows the server-side configuration, for a later client-side apply.
        String lastApplied = out.at("/metadata/annotations").get(ServerSideApply.LAST_APPLIED).stringValue();
        assertThat(Json.MAPPER.readTree(lastApplied)).isEqualTo(config);
        assertThat(lastApplied).endsWith("\n");
    }

    @Test
    void kubectlStillConflictsOnFieldsChangedSinceItsClientSideApply() {
        ObjectNode live = clientSideApplied(3);
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 7);
        ObjectNode afterScale = ManagedFields.update(live, scaled, "kube-controller-manager", "Update", DEPLOYMENT, at(T2));
        ObjectNode config = deployment("{'replicas':5,'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'app:2'}]}}}");
        assertThatThrownBy(() -> apply(afterScale, config, "kubectl", false, DEPLOYMENT))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kube-controller-manager\" using apps/v1: "
                        + ".spec.replicas");
        // Another manager name gets no such leniency.
        assertThatThrownBy(() -> apply(live, config, "my-tool", false, DEPLOYMENT))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessageContaining("conflicts with \"kubectl-client-side-apply\" using apps/v1:");
    }

    // ---------------------------------------------------------------- options and validation

    @Test
    void ignoredFieldsAreNeitherOwnedNorConflicting() {
        FieldManagerOptions opts = at(T1).withIgnoredFields(FieldSet.of(FieldPath.fields("status")));
        ObjectNode out = ServerSideApply.apply(null, deployment("{'replicas':1}").put("status", "x"), "m", false,
                DEPLOYMENT, opts).object();
        assertThat(entry(out, "m").fields().toFieldsV1()).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
    }

    @Test
    void subresourceEntriesAreSeparate() {
        FieldManagerOptions status = at(T1).withSubresource("status");
        ObjectNode live = apply(null, deployment("{'replicas':1}"), "m", false, DEPLOYMENT).object();
        ObjectNode withStatus = live.deepCopy();
        withStatus.putObject("status").put("replicas", 1);
        ObjectNode out = ManagedFields.update(live, withStatus, "kube-controller-manager", "Update", DEPLOYMENT, status);
        ManagedFieldsEntry e = entry(out, "kube-controller-manager");
        assertThat(e.subresource()).isEqualTo("status");
        assertThat(out.at("/metadata/managedFields/1/subresource").stringValue()).isEqualTo("status");
        assertThat(e.fields().toFieldsV1()).isEqualTo("{\"f:status\":{\".\":{},\"f:replicas\":{}}}");
    }

    @Test
    void malformedRequestsAreRejected() {
        ObjectNode withManaged = configMap(",'managedFields':[]}");
        assertThatThrownBy(() -> apply(null, withManaged, "m", false, CONFIGMAP))
                .isInstanceOf(ApplyException.class).hasMessage("metadata.managedFields must be nil");
        ObjectNode live = apply(null, configMap("}"), "m", false, CONFIGMAP).object();
        ObjectNode v2 = configMap("}").put("apiVersion", "v2");
        assertThatThrownBy(() -> apply(live, v2, "m", false, CONFIGMAP)).hasMessage(
                "Incorrect version specified in apply patch. Specified patch version: v2, expected: v1");
        ApplyException noManager = catchThrowableOfType(ApplyException.class,
                () -> apply(null, configMap("}"), "", false, CONFIGMAP));
        assertThat(noManager.kind()).isEqualTo(ApplyException.Kind.INVALID);
        assertThat(noManager.getMessage()).isEqualTo("fieldManager: Required value: is required for apply patch");
        ObjectNode noKind = configMap("}");
        noKind.remove("kind");
        assertThat(catchThrowableOfType(ApplyException.class, () -> apply(null, noKind, "m", false, CONFIGMAP)).kind())
                .isEqualTo(ApplyException.Kind.BAD_REQUEST);
        ObjectNode badLive = configMap(",'managedFields':[{'manager':'x','operation':'Patch','apiVersion':'v1',"
                + "'fieldsType':'FieldsV1','fieldsV1':{}}]}");
        ApplyException decode = catchThrowableOfType(ApplyException.class,
                () -> apply(badLive, configMap("}"), "m", false, CONFIGMAP));
        assertThat(decode.kind()).isEqualTo(ApplyException.Kind.INTERNAL);
        assertThat(decode.getMessage()).isEqualTo("failed to decode managed fields: operation must be `Apply` or `Update`");
    }

    @Test
    void inputsAreNotModified() {
        ObjectNode live = clientSideApplied(3);
        ObjectNode liveCopy = live.deepCopy();
        ObjectNode config = deployment("{'replicas':5}");
        ObjectNode configCopy = config.deepCopy();
        apply(live, config, "x", true, DEPLOYMENT);
        assertThat(live).isEqualTo(liveCopy);
        assertThat(config).isEqualTo(configCopy);
    }
}
