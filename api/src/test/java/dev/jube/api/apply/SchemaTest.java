package dev.jube.api.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.api.patch.BuiltinPatchSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SchemaTest {

    private static Schema.FieldType at(Schema s, String dotted) {
        return s.typeAt(List.of(dotted.split("\\.")));
    }

    @Test
    void builtinListsFollowMergeStrategiesAndRecordedKeys() {
        Schema pod = Schema.forKind("v1", "Pod");
        assertThat(at(pod, "spec.containers").listType()).isEqualTo(Schema.ListType.MAP);
        assertThat(at(pod, "spec.containers").mapKeys()).containsExactly("name");
        assertThat(at(pod, "spec.containers.ports").mapKeys()).containsExactly("containerPort", "protocol");
        assertThat(at(pod, "spec.containers.ports").keyDefaults().get("protocol").stringValue()).isEqualTo("TCP");
        assertThat(at(pod, "spec.containers.env").mapKeys()).containsExactly("name");
        assertThat(at(pod, "spec.containers.args").listType()).isEqualTo(Schema.ListType.ATOMIC);
        assertThat(at(pod, "spec.tolerations").listType()).isEqualTo(Schema.ListType.ATOMIC);
        assertThat(at(pod, "spec.topologySpreadConstraints").mapKeys())
                .containsExactly("topologyKey", "whenUnsatisfiable");
        assertThat(at(pod, "metadata.finalizers").listType()).isEqualTo(Schema.ListType.SET);
        assertThat(at(pod, "spec.nodeSelector").atomic()).isTrue();
        assertThat(at(pod, "metadata.labels").atomic()).isFalse();
        assertThat(at(pod, "spec.containers.env.valueFrom.secretKeyRef").atomic()).isTrue();
        Schema svc = Schema.forKind("v1", "Service");
        assertThat(at(svc, "spec.ports").mapKeys()).containsExactly("port", "protocol");
        assertThat(at(svc, "spec.selector").atomic()).isTrue();
        Schema deploy = Schema.forKind("apps/v1", "Deployment");
        assertThat(at(deploy, "spec.template.spec.initContainers.ports").mapKeys())
                .containsExactly("containerPort", "protocol");
        assertThat(at(deploy, "spec.selector").atomic()).isTrue();
        assertThat(deploy.emptyObject().at("/spec/strategy").isObject()).isTrue();
    }

    @Test
    void unknownKindsAndPatchSchemasWork() {
        Schema role = Schema.forKind("rbac.authorization.k8s.io/v1", "Role");
        assertThat(at(role, "rules").listType()).isEqualTo(Schema.ListType.ATOMIC);
        assertThat(at(role, "rules").named()).isTrue();
        assertThat(role.emptyObject()).isEqualTo(Json.obj("{'metadata':{'creationTimestamp':null}}"));
        Schema fromPatch = Schema.fromPatchSchema(BuiltinPatchSchema.forType("PodSpec"));
        assertThat(at(fromPatch, "containers").mapKeys()).containsExactly("name");
        assertThat(Schema.DEDUCED.typeAt(List.of("a")).named()).isFalse();
    }

    private static final ObjectNode CRD = Json.obj("""
            {'type':'object','properties':{
              'spec':{'type':'object','properties':{
                'items':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name','port'],
                  'items':{'type':'object','properties':{'name':{'type':'string'},
                    'port':{'type':'integer','default':80},'ref':{'$ref':'#/definitions/Ref'}}}},
                'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}},
                'args':{'type':'array','items':{'type':'string'}},
                'merged':{'type':'array','x-kubernetes-patch-strategy':'merge','x-kubernetes-patch-merge-key':'id',
                  'items':{'type':'object'}},
                'selector':{'type':'object','x-kubernetes-map-type':'atomic',
                  'additionalProperties':{'type':'string'}},
                'byName':{'type':'object','additionalProperties':{'type':'object','properties':{'x':{'type':'string'}}}},
                'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}},
             'definitions':{'Ref':{'type':'object','x-kubernetes-map-type':'atomic'}}}""");

    @Test
    void openApiSchemaOfACustomResource() {
        Schema s = Schema.fromOpenApi(CRD);
        assertThat(at(s, "spec.items").listType()).isEqualTo(Schema.ListType.MAP);
        assertThat(at(s, "spec.items").mapKeys()).containsExactly("name", "port");
        assertThat(at(s, "spec.items").keyDefaults().get("port").intValue()).isEqualTo(80);
        assertThat(at(s, "spec.items.ref").atomic()).isTrue();
        assertThat(at(s, "spec.tags").listType()).isEqualTo(Schema.ListType.SET);
        assertThat(at(s, "spec.args").listType()).isEqualTo(Schema.ListType.ATOMIC);
        assertThat(at(s, "spec.merged").mapKeys()).containsExactly("id");
        assertThat(at(s, "spec.selector").atomic()).isTrue();
        assertThat(at(s, "spec.byName.one").named()).isFalse();
        assertThat(at(s, "spec.byName.one.x").named()).isTrue();
        assertThat(at(s, "spec.free.anything.deep").named()).isFalse();
        assertThat(at(s, "spec").named()).isTrue();
    }

    @Test
    void applyWithACustomResourceSchema() {
        Schema s = Schema.fromOpenApi(CRD);
        ObjectNode created = ServerSideApply.apply(null, Json.obj("""
                {'apiVersion':'example.com/v1','kind':'Thing','metadata':{'name':'t'},
                 'spec':{'items':[{'name':'a'},{'name':'a','port':81}],'tags':['x'],
                  'byName':{'one':{'x':'1'}},'free':{'k':{'deep':1}}}}"""), "m", false, s).object();
        assertThat(ManagedFields.decode(created).getFirst().fields().toFieldsV1()).isEqualTo(
                "{\"f:spec\":{\"f:byName\":{\"f:one\":{\".\":{},\"f:x\":{}}},\"f:free\":{\"f:k\":{\".\":{},"
                        + "\"f:deep\":{}}},\"f:items\":{\"k:{\\\"name\\\":\\\"a\\\",\\\"port\\\":80}\":{\".\":{},"
                        + "\"f:name\":{}},\"k:{\\\"name\\\":\\\"a\\\",\\\"port\\\":81}\":{\".\":{},\"f:name\":{},"
                        + "\"f:port\":{}}},\"f:tags\":{\"v:\\\"x\\\"\":{}}}}");
        ObjectNode out = ServerSideApply.apply(created, Json.obj("""
                {'apiVersion':'example.com/v1','kind':'Thing','metadata':{'name':'t'},
                 'spec':{'items':[{'name':'b'}],'tags':['y']}}"""), "other", false, s).object();
        assertThat(out.at("/spec/items")).isEqualTo(Json.node("[{'name':'a'},{'name':'a','port':81},{'name':'b'}]"));
        assertThat(out.at("/spec/tags")).isEqualTo(Json.node("['x','y']"));
    }

    @Test
    void badOpenApiSchemasAreRejected() {
        assertThatThrownBy(() -> Schema.fromOpenApi(Json.node("[]"))).hasMessageContaining("JSON object");
        Schema s = Schema.fromOpenApi(Json.obj("{'properties':{'l':{'type':'array','x-kubernetes-list-type':'map'}}}"));
        assertThatThrownBy(() -> at(s, "l")).hasMessageContaining("x-kubernetes-list-map-keys");
        Schema bad = Schema.fromOpenApi(Json.obj("{'properties':{'l':{'type':'array','x-kubernetes-list-type':'bag'}}}"));
        assertThatThrownBy(() -> at(bad, "l")).hasMessageContaining("unknown x-kubernetes-list-type: bag");
    }
}
