package dev.jube.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StrategicMergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PatchSchema POD = BuiltinPatchSchema.forKind("v1", "Pod").orElseThrow();
    private static final PatchSchema DEPLOYMENT = BuiltinPatchSchema.forKind("apps/v1", "Deployment").orElseThrow();

    private static final String POD_JSON = """
            {'metadata':{'name':'p','labels':{'app':'web','tier':'fe'},'finalizers':['a','b']},
             'spec':{'containers':[
                {'name':'app','image':'app:1','ports':[{'containerPort':80,'name':'http'}],
                 'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},
                {'name':'sidecar','image':'side:1'}],
              'tolerations':[{'key':'k1','operator':'Exists'}],
              'nodeSelector':{'disk':'ssd','zone':'a'},
              'volumes':[{'name':'data','emptyDir':{}}]}}
            """;

    @Test
    void mergesContainersByName() {
        JsonNode out = apply(POD_JSON, "{'spec':{'containers':[{'name':'app','image':'app:2'}]}}", POD);
        assertThat(out.at("/spec/containers/0/image").stringValue()).isEqualTo("app:2");
        assertThat(out.at("/spec/containers/0/ports/0/containerPort").intValue()).isEqualTo(80);
        assertThat(out.at("/spec/containers/0/env").size()).isEqualTo(2);
        assertThat(out.at("/spec/containers/1")).isEqualTo(json("{'name':'sidecar','image':'side:1'}"));
    }

    @Test
    void deletesAContainerWithPatchDelete() {
        JsonNode out = apply(POD_JSON, "{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}", POD);
        assertThat(names(out.at("/spec/containers"))).containsExactly("app");
    }

    @Test
    void deleteAndUpdateInOnePatch() {
        JsonNode out = apply(POD_JSON, """
                {'spec':{'containers':[{'name':'app','$patch':'delete'},{'name':'sidecar','image':'side:2'}]}}""", POD);
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'sidecar','image':'side:2'}]"));
    }

    @Test
    void newItemsGoBeforeItemsTheyDoNotFollowAsUpstream() {
        JsonNode out = apply(POD_JSON, "{'spec':{'containers':[{'name':'new','image':'n'}]}}", POD);
        assertThat(names(out.at("/spec/containers"))).containsExactly("new", "app", "sidecar");
        JsonNode out2 = apply(POD_JSON,
                "{'spec':{'containers':[{'name':'sidecar','image':'s2'},{'name':'new','image':'n'}]}}", POD);
        assertThat(names(out2.at("/spec/containers"))).containsExactly("app", "sidecar", "new");
    }

    @Test
    void setElementOrderReorders() {
        JsonNode out = apply(POD_JSON, """
                {'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'app'}]}}""", POD);
        assertThat(names(out.at("/spec/containers"))).containsExactly("sidecar", "app");
        assertThat(out.at("/spec/containers/1/image").stringValue()).isEqualTo("app:1");
    }

    @Test
    void setElementOrderWithAdditionsAndDeletions() {
        JsonNode out = apply(POD_JSON, """
                {'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'new'}],
                         'containers':[{'name':'new','image':'n'},{'name':'app','$patch':'delete'}]}}""", POD);
        assertThat(names(out.at("/spec/containers"))).containsExactly("sidecar", "new");
    }

    @Test
    void setElementOrderPlacesServerOnlyItemsByTheirOriginalPosition() {
        // b was before c in the original, and c leads the patch order: b goes first, as upstream.
        String original = "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}";
        JsonNode out = apply(original, """
                {'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}]}}""", POD);
        assertThat(names(out.at("/spec/containers"))).containsExactly("b", "c", "a");
    }

    @Test
    void setElementOrderMustAgreeWithThePatchList() {
        assertThatThrownBy(() -> apply(POD_JSON, """
                {'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                         'containers':[{'name':'sidecar','image':'x'},{'name':'app','image':'y'}]}}""", POD))
                .isInstanceOf(PatchException.class)
                .hasMessageStartingWith("The order in patch list:");
    }

    @Test
    void setElementOrderOnPrimitives() {
        JsonNode out = apply(POD_JSON, "{'metadata':{'$setElementOrder/finalizers':['b','a']}}", POD);
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['b','a']"));
    }

    @Test
    void mergesPortsByContainerPortAndEnvByName() {
        JsonNode out = apply(POD_JSON, """
                {'spec':{'containers':[{'name':'app',
                   'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443}],
                   'env':[{'name':'B','value':'two'},{'name':'A','$patch':'delete'}]}]}}""", POD);
        JsonNode app = out.at("/spec/containers/0");
        assertThat(app.get("ports")).isEqualTo(json("[{'containerPort':80,'name':'http','protocol':'TCP'},{'containerPort':443}]"));
        assertThat(app.get("env")).isEqualTo(json("[{'name':'B','value':'two'}]"));
    }

    @Test
    void retainKeysDropsUnlistedFieldsOfAVolume() {
        JsonNode out = apply(POD_JSON, """
                {'spec':{'volumes':[{'name':'data','$retainKeys':['hostPath','name'],'hostPath':{'path':'/x'}}]}}""",
                POD);
        assertThat(out.at("/spec/volumes")).isEqualTo(json("[{'name':'data','hostPath':{'path':'/x'}}]"));
    }

    @Test
    void retainKeysOnDeploymentStrategy() {
        String original = """
                {'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}""";
        JsonNode out = apply(original, "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}", DEPLOYMENT);
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
        assertThatThrownBy(() -> apply(original,
                "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{'maxSurge':2}}}}", DEPLOYMENT))
                .isInstanceOf(PatchException.class)
                .hasMessage("invalid patch format of retainKeys");
        assertThatThrownBy(() -> apply(original, "{'spec':{'strategy':{'$retainKeys':'type'}}}", DEPLOYMENT))
                .hasMessage("invalid patch format of retainKeys");
    }

    @Test
    void replaceDirectiveOnAMap() {
        JsonNode out = apply(POD_JSON, "{'spec':{'nodeSelector':{'$patch':'replace','rack':'r1','gone':null}}}", POD);
        assertThat(out.at("/spec/nodeSelector")).isEqualTo(json("{'rack':'r1'}"));
    }

    @Test
    void deleteDirectiveOnAMapEmptiesIt() {
        JsonNode out = apply(POD_JSON, "{'spec':{'nodeSelector':{'$patch':'delete'}}}", POD);
        assertThat(out.at("/spec/nodeSelector")).isEqualTo(json("{}"));
    }

    @Test
    void mergeDirectiveOnAMapIsTheDefault() {
        JsonNode out = apply(POD_JSON, "{'spec':{'nodeSelector':{'$patch':'merge','rack':'r1'}}}", POD);
        assertThat(out.at("/spec/nodeSelector")).isEqualTo(json("{'disk':'ssd','zone':'a','rack':'r1'}"));
    }

    @Test
    void replaceDirectiveInAMergedList() {
        JsonNode out = apply(POD_JSON, "{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'o'}]}}",
                POD);
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'only','image':'o'}]"));
    }

    @Test
    void nullRemovesKeys() {
        JsonNode out = apply(POD_JSON, "{'metadata':{'labels':{'tier':null,'missing':null,'new':'x'}}}", POD);
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'web','new':'x'}"));
        JsonNode out2 = apply(POD_JSON, "{'spec':{'tolerations':null}}", POD);
        assertThat(out2.at("/spec").has("tolerations")).isFalse();
    }

    @Test
    void addedValuesAreCleanedOfNulls() {
        JsonNode out = apply("{}", "{'metadata':{'labels':{'a':'1','b':null}}}", POD);
        assertThat(out).isEqualTo(json("{'metadata':{'labels':{'a':'1'}}}"));
    }

    @Test
    void primitiveListUnion() {
        assertThat(apply(POD_JSON, "{'metadata':{'finalizers':['b','c']}}", POD).at("/metadata/finalizers"))
                .isEqualTo(json("['a','b','c']"));
        assertThat(apply(POD_JSON, "{'metadata':{'finalizers':['a']}}", POD).at("/metadata/finalizers"))
                .isEqualTo(json("['a','b']"));
        assertThat(apply(POD_JSON, "{'metadata':{'finalizers':['c']}}", POD).at("/metadata/finalizers"))
                .isEqualTo(json("['c','a','b']"));
    }

    @Test
    void deleteFromPrimitiveList() {
        JsonNode out = apply(POD_JSON, "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a','zz']}}", POD);
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['b']"));
        JsonNode both = apply(POD_JSON, """
                {'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c'],
                             '$setElementOrder/finalizers':['b','c']}}""", POD);
        assertThat(both.at("/metadata/finalizers")).isEqualTo(json("['b','c']"));
        JsonNode absent = apply("{'metadata':{}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}", POD);
        assertThat(absent.at("/metadata").has("finalizers")).isFalse();
    }

    @Test
    void listsWithoutStrategyAreReplaced() {
        JsonNode out = apply(POD_JSON, "{'spec':{'tolerations':[{'key':'k2','operator':'Exists'}]}}", POD);
        assertThat(out.at("/spec/tolerations")).isEqualTo(json("[{'key':'k2','operator':'Exists'}]"));
        JsonNode noSchema = apply(POD_JSON, "{'spec':{'containers':[{'name':'x'}]}}", PatchSchema.NONE);
        assertThat(noSchema.at("/spec/containers")).isEqualTo(json("[{'name':'x'}]"));
    }

    @Test
    void typeChangesReplace() {
        JsonNode out = apply("{'a':{'b':1},'c':[1]}", "{'a':'s','c':{'d':2}}", PatchSchema.NONE);
        assertThat(out).isEqualTo(json("{'a':'s','c':{'d':2}}"));
    }

    @Test
    void inputsAreNotModified() {
        JsonNode original = json(POD_JSON);
        JsonNode patch = json("""
                {'metadata':{'labels':{'app':null}},'spec':{'containers':[{'name':'app','$patch':'delete'}],
                 '$setElementOrder/containers':[{'name':'sidecar'}]}}""");
        String o = original.toString();
        String p = patch.toString();
        StrategicMergePatch.apply(original, patch, POD);
        assertThat(original.toString()).isEqualTo(o);
        assertThat(patch.toString()).isEqualTo(p);
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> apply(POD_JSON, "{'spec':{'containers':[{'image':'x'}]}}", POD))
                .isInstanceOf(PatchException.class)
                .hasMessage("map: {\"image\":\"x\"} does not contain declared merge key: name");
        assertThatThrownBy(() -> apply(POD_JSON, "{'spec':{'nodeSelector':{'$patch':'bogus'}}}", POD))
                .hasMessageStartingWith("unknown patch type: bogus in map:");
        assertThatThrownBy(() -> apply(POD_JSON, "{'spec':{'containers':[{'name':'app','$patch':'merge'}]}}", POD))
                .hasMessage("merging lists cannot yet be specified in the patch");
        assertThatThrownBy(() -> apply("{'metadata':{'finalizers':[['x']]}}", "{'metadata':{'finalizers':[['y']]}}",
                POD)).hasMessage("lists of lists are not supported");
        assertThatThrownBy(() -> apply("{'metadata':{'finalizers':['x']}}", "{'metadata':{'finalizers':[1]}}", POD))
                .hasMessageStartingWith("list element types are not identical");
        assertThatThrownBy(() -> StrategicMergePatch.apply(json("{}"), json("[1]"), POD))
                .hasMessage("a strategic merge patch must be a JSON object, not array");
        assertThatThrownBy(() -> apply("{'a':[{'x':1}]}", "{'a':[{'x':2}]}", path -> PatchStrategy.mergeScalars()))
                .hasMessage("cannot merge lists without merge key for a");
        assertThatThrownBy(() -> apply(POD_JSON, "{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}", POD))
                .hasMessage("invalid patch format of primitive list");
    }

    @Test
    void deploymentTemplateUsesPodStrategies() {
        String original = """
                {'spec':{'template':{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[
                    {'name':'c1','image':'i1'},{'name':'c2','image':'i2'}]}}}}""";
        JsonNode out = apply(original, """
                {'spec':{'template':{'metadata':{'labels':{'b':'2'}},'spec':{'containers':[{'name':'c2','image':'i3'}]}}}}""",
                DEPLOYMENT);
        assertThat(out).isEqualTo(json("""
                {'spec':{'template':{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'containers':[
                    {'name':'c1','image':'i1'},{'name':'c2','image':'i3'}]}}}}"""));
    }

    // ------------------------------------------------------------ diff

    @Test
    void diffOfAContainerImageChange() {
        String modified = POD_JSON.replace("'app:1'", "'app:2'");
        JsonNode patch = StrategicMergePatch.diff(json(POD_JSON), json(modified), POD);
        assertThat(patch).isEqualTo(json("""
                {'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                         'containers':[{'name':'app','image':'app:2'}]}}"""));
        assertRoundTrip(POD_JSON, modified, POD);
    }

    @Test
    void diffOfARemovedContainerAndReorder() {
        String original = "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}";
        String modified = "{'spec':{'containers':[{'name':'c'},{'name':'a'}]}}";
        JsonNode patch = StrategicMergePatch.diff(json(original), json(modified), POD);
        assertThat(patch).isEqualTo(json("""
                {'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],
                         'containers':[{'name':'b','$patch':'delete'}]}}"""));
        assertRoundTrip(original, modified, POD);
    }

    @Test
    void diffOfScalarSets() {
        String original = "{'metadata':{'finalizers':['a','b']}}";
        String modified = "{'metadata':{'finalizers':['b','c']}}";
        JsonNode patch = StrategicMergePatch.diff(json(original), json(modified), POD);
        assertThat(patch).isEqualTo(json("""
                {'metadata':{'$setElementOrder/finalizers':['b','c'],'finalizers':['c'],
                             '$deleteFromPrimitiveList/finalizers':['a']}}"""));
        assertRoundTrip(original, modified, POD);
    }

    @Test
    void diffOfRetainKeysField() {
        String original = "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}";
        String modified = "{'spec':{'strategy':{'type':'Recreate'}}}";
        JsonNode patch = StrategicMergePatch.diff(json(original), json(modified), DEPLOYMENT);
        assertThat(patch).isEqualTo(json("""
                {'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}"""));
        assertRoundTrip(original, modified, DEPLOYMENT);
    }

    @Test
    void diffOfVolumesCarriesRetainKeysPerItem() {
        String original = "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}";
        String modified = "{'spec':{'volumes':[{'name':'v','hostPath':{'path':'/x'}}]}}";
        JsonNode patch = StrategicMergePatch.diff(json(original), json(modified), POD);
        assertThat(patch.at("/spec/volumes/0")).isEqualTo(json("""
                {'name':'v','$retainKeys':['hostPath','name'],'emptyDir':null,'hostPath':{'path':'/x'}}"""));
        assertRoundTrip(original, modified, POD);
    }

    @Test
    void diffOfMapsAndReplacedLists() {
        String modified = POD_JSON.replace("'tier':'fe'", "'team':'x'")
                .replace("'tolerations':[{'key':'k1','operator':'Exists'}]", "'tolerations':[]");
        JsonNode patch = StrategicMergePatch.diff(json(POD_JSON), json(modified), POD);
        assertThat(patch).isEqualTo(json("{'metadata':{'labels':{'team':'x','tier':null}},'spec':{'tolerations':[]}}"));
        assertRoundTrip(POD_JSON, modified, POD);
    }

    @Test
    void diffOfIdenticalObjectsIsEmpty() {
        assertThat(StrategicMergePatch.diff(json(POD_JSON), json(POD_JSON), POD)).isEqualTo(json("{}"));
    }

    @Test
    void roundTrips() {
        assertRoundTrip(POD_JSON, """
                {'metadata':{'name':'p','labels':{'app':'web'},'finalizers':['b']},
                 'spec':{'containers':[
                    {'name':'sidecar','image':'side:1','env':[{'name':'X','value':'x'}]},
                    {'name':'app','image':'app:1','ports':[{'containerPort':8080}],
                     'env':[{'name':'B','value':'2'},{'name':'C','value':'3'}]},
                    {'name':'third','image':'t'}],
                  'nodeSelector':{'zone':'b'},
                  'volumes':[{'name':'cfg','configMap':{'name':'c'}}]}}""", POD);
        assertRoundTrip(POD_JSON, "{}", POD);
        assertRoundTrip("{}", POD_JSON, POD);
    }

    @Test
    void builtinSchemaLookups() {
        assertThat(DEPLOYMENT.strategy(List.of("spec", "template", "spec", "containers")))
                .isEqualTo(PatchStrategy.mergeByKey("name"));
        assertThat(DEPLOYMENT.strategy(List.of("spec", "template", "spec", "containers", "ports")))
                .isEqualTo(PatchStrategy.mergeByKey("containerPort"));
        assertThat(DEPLOYMENT.strategy(List.of("spec", "strategy"))).isEqualTo(PatchStrategy.retainKeysOnly());
        assertThat(DEPLOYMENT.strategy(List.of("metadata", "finalizers"))).isEqualTo(PatchStrategy.mergeScalars());
        assertThat(POD.strategy(List.of("spec", "volumes"))).isEqualTo(PatchStrategy.mergeRetainKeys("name"));
        assertThat(POD.strategy(List.of("spec", "tolerations"))).isEqualTo(PatchStrategy.DEFAULT);
        assertThat(POD.strategy(List.of("status", "conditions"))).isEqualTo(PatchStrategy.mergeByKey("type"));
        assertThat(POD.strategy(List.of("metadata", "ownerReferences"))).isEqualTo(PatchStrategy.mergeByKey("uid"));
        PatchSchema cronJob = BuiltinPatchSchema.forKind("batch/v1", "CronJob").orElseThrow();
        assertThat(cronJob.strategy(List.of("spec", "jobTemplate", "spec", "template", "spec", "initContainers", "env")))
                .isEqualTo(PatchStrategy.mergeByKey("name"));
        PatchSchema service = BuiltinPatchSchema.forKind("v1", "Service").orElseThrow();
        assertThat(service.strategy(List.of("spec", "ports"))).isEqualTo(PatchStrategy.mergeByKey("port"));
        PatchSchema sa = BuiltinPatchSchema.forKind("v1", "ServiceAccount").orElseThrow();
        assertThat(sa.strategy(List.of("secrets"))).isEqualTo(PatchStrategy.mergeByKey("name"));
        PatchSchema template = BuiltinPatchSchema.forKind("v1", "PodTemplate").orElseThrow();
        assertThat(template.strategy(List.of("template", "spec", "containers"))).isEqualTo(PatchStrategy.mergeByKey("name"));
        assertThat(BuiltinPatchSchema.forKind("example.com/v1", "Widget")).isEmpty();
        assertThat(BuiltinPatchSchema.forKind("apps/v1", "Pod")).isEmpty();
        assertThat(BuiltinPatchSchema.forType("PodSpec").strategy(List.of("hostAliases")))
                .isEqualTo(PatchStrategy.mergeByKey("ip"));
        assertThatThrownBy(() -> BuiltinPatchSchema.forType("Nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PatchStrategy.fromTags("merge,retainKeys", "name")).isEqualTo(PatchStrategy.mergeRetainKeys("name"));
        assertThatThrownBy(() -> PatchStrategy.fromTags("bogus", null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRoundTrip(String original, String modified, PatchSchema schema) {
        JsonNode patch = StrategicMergePatch.diff(json(original), json(modified), schema);
        assertThat(StrategicMergePatch.apply(json(original), patch, schema)).as("patch %s", patch)
                .isEqualTo(json(modified));
    }

    private static JsonNode apply(String original, String patch, PatchSchema schema) {
        return StrategicMergePatch.apply(json(original), json(patch), schema);
    }

    private static List<String> names(JsonNode list) {
        return list.valueStream().map(n -> n.get("name").stringValue()).toList();
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s.replace('\'', '"'));
    }
}
