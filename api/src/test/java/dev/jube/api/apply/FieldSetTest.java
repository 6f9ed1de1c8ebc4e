package dev.jube.api.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

class FieldSetTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    /** fieldsV1 values copied from real API server responses. */
    static final String KUBECTL_RUN_POD = """
            {"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},\
            "f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:resources":{},"f:terminationMessagePath":{},\
            "f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},\
            "f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}""";

    static final String APPLIED_DEPLOYMENT = """
            {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},\
            "f:revisionHistoryLimit":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{"f:maxSurge":{},\
            "f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:creationTimestamp":{},"f:labels":\
            {"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},\
            "f:imagePullPolicy":{},"f:name":{},"f:resources":{},"f:terminationMessagePath":{},\
            "f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},\
            "f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}}""";

    static final String CREATED_DEPLOYMENT = """
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},\
            "f:revisionHistoryLimit":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},\
            "f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},\
            "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},\
            "f:name":{},"f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},\
            "f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},\
            "f:terminationGracePeriodSeconds":{}}}}}""";

    static final String CLIENT_SIDE_APPLIED_POD = """
            {"f:metadata":{"f:annotations":{".":{},"f:inject-init-container":{},\
            "f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app":{}}},\
            "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},\
            "f:name":{},"f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},\
            "f:containerPort":{},"f:protocol":{}}},"f:resources":{},"f:terminationMessagePath":{},\
            "f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},\
            "f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}""";

    static final String DEPLOYMENT_STATUS = """
            {"f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/revision":{}}},"f:status":\
            {"f:availableReplicas":{},"f:conditions":{".":{},"k:{\\"type\\":\\"Available\\"}":{".":{},\
            "f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}},\
            "k:{\\"type\\":\\"Progressing\\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},\
            "f:reason":{},"f:status":{},"f:type":{}}},"f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},\
            "f:updatedReplicas":{}}}""";

    static final String DOCS_CONFIGMAP = """
            {"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}""";

    @ParameterizedTest
    @ValueSource(strings = {KUBECTL_RUN_POD, APPLIED_DEPLOYMENT, CREATED_DEPLOYMENT, CLIENT_SIDE_APPLIED_POD,
            DEPLOYMENT_STATUS, DOCS_CONFIGMAP})
    void upstreamFieldsV1RoundTripsByteForByte(String fieldsV1) {
        FieldSet set = FieldSet.parseFieldsV1(fieldsV1);
        assertThat(set.toFieldsV1()).isEqualTo(fieldsV1);
        assertThat(FieldSet.parseFieldsV1(set.toFieldsV1Node())).isEqualTo(set);
        // The node, written out, is the same bytes as the text form: same order, same nesting.
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(set.toFieldsV1Node()))
                .isEqualTo(fieldsV1);
    }

    @Test
    void unsortedInputIsWrittenSorted() {
        FieldSet set = FieldSet.parseFieldsV1("{\"f:metadata\":{\"f:labels\":{\"f:test-label\":{}}},\"f:data\":{\"f:key\":{}}}");
        assertThat(set.toFieldsV1()).isEqualTo(DOCS_CONFIGMAP);
    }

    @Test
    void membersAndChildrenAsUpstreamReadsThem() {
        FieldSet set = FieldSet.parseFieldsV1(CLIENT_SIDE_APPLIED_POD);
        PathElement nginx = PathElement.key(Map.of("name", N.stringNode("nginx")));
        PathElement port = PathElement.key(Map.of("containerPort", N.numberNode(80), "protocol", N.stringNode("TCP")));
        FieldPath containers = FieldPath.fields("spec", "containers");
        assertThat(set.has(containers.append(nginx))).isTrue();
        assertThat(set.has(containers)).isFalse();
        assertThat(set.has(containers.append(nginx).append(PathElement.field("ports")))).isTrue();
        assertThat(set.has(containers.append(nginx).append(PathElement.field("ports")).append(port)
                .append(PathElement.field("protocol")))).isTrue();
        assertThat(set.has(FieldPath.fields("metadata", "labels", "app"))).isTrue();
        assertThat(set.has(FieldPath.fields("metadata"))).isFalse();
    }

    @Test
    void pathsPrintLikeUpstreamConflictFields() {
        FieldPath p = FieldPath.fields("spec", "template", "spec", "containers")
                .append(PathElement.key(Map.of("name", N.stringNode("nginx"))))
                .append(PathElement.field("image"));
        assertThat(p).hasToString(".spec.template.spec.containers[name=\"nginx\"].image");
        FieldPath port = FieldPath.fields("spec", "ports")
                .append(PathElement.key(Map.of("protocol", N.stringNode("TCP"), "port", N.numberNode(80))));
        assertThat(port).hasToString(".spec.ports[port=80,protocol=\"TCP\"]");
        assertThat(FieldPath.fields("metadata", "finalizers").append(PathElement.value(N.stringNode("a"))))
                .hasToString(".metadata.finalizers[=\"a\"]");
    }

    @Test
    void keysValuesAndIndexesSerialise() {
        FieldSet set = FieldSet.of(
                FieldPath.fields("metadata", "finalizers").append(PathElement.value(N.stringNode("b"))),
                FieldPath.fields("metadata", "finalizers").append(PathElement.value(N.stringNode("a"))),
                FieldPath.fields("spec", "x").append(PathElement.index(1)),
                FieldPath.fields("spec", "x").append(PathElement.index(0)));
        assertThat(set.toFieldsV1()).isEqualTo(
                "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}},"
                        + "\"f:spec\":{\"f:x\":{\"i:0\":{},\"i:1\":{}}}}");
        assertThat(FieldSet.parseFieldsV1(set.toFieldsV1())).isEqualTo(set);
    }

    @Test
    void keysOfDifferentNumberTypesAreEqual() {
        PathElement a = PathElement.key(Map.of("containerPort", N.numberNode(80)));
        PathElement b = PathElement.key(Map.of("containerPort", N.numberNode(80L)));
        PathElement c = PathElement.key(Map.of("containerPort", N.numberNode(new java.math.BigDecimal("80.0"))));
        assertThat(a).isEqualTo(b).isEqualTo(c);
        assertThat(a.fieldsV1Key()).isEqualTo("k:{\"containerPort\":80}");
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoes() {
        PathElement v = PathElement.value(N.stringNode("a<b&c>"));
        assertThat(v.fieldsV1Key()).isEqualTo("v:\"a\\u003cb\\u0026c\\u003e\"");
        FieldSet set = FieldSet.of(FieldPath.of(PathElement.field("s"), v));
        assertThat(FieldSet.parseFieldsV1(set.toFieldsV1())).isEqualTo(set);
    }

    @Test
    void setOperations() {
        FieldPath a = FieldPath.fields("spec", "a");
        FieldPath b = FieldPath.fields("spec", "b");
        FieldPath bc = FieldPath.fields("spec", "b", "c");
        FieldSet s1 = FieldSet.of(a, b, bc);
        FieldSet s2 = FieldSet.of(b);
        assertThat(s1.difference(s2).paths()).containsExactly(a, bc);
        assertThat(s1.recursiveDifference(s2).paths()).containsExactly(a);
        assertThat(s1.intersection(FieldSet.of(bc, FieldPath.fields("x"))).paths()).containsExactly(bc);
        assertThat(s2.union(FieldSet.of(a)).paths()).containsExactly(a, b);
        assertThat(s1.size()).isEqualTo(3);
        assertThat(FieldSet.empty().isEmpty()).isTrue();
        assertThat(s1.difference(s1).isEmpty()).isTrue();
    }

    @Test
    void pathsListMembersBeforeChildren() {
        FieldSet set = FieldSet.parseFieldsV1("{\"f:b\":{\".\":{},\"f:x\":{}},\"f:a\":{\"f:y\":{}},\"f:c\":{}}");
        assertThat(set.paths()).extracting(FieldPath::toString).containsExactly(".b", ".c", ".a.y", ".b.x");
    }

    @Test
    void malformedFieldsV1IsRejectedWithTheReason() {
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("{\"x:a\":{}}")).hasMessageContaining("f:, k:, v: or i:");
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("{\"f:a\":1}")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("{\"f:a\":{\"k:{bad\":{}}}"))
                .hasMessageContaining("cannot parse \"k:{bad\"");
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("{\".\":{}}")).hasMessageContaining("top level");
        assertThatThrownBy(() -> FieldSet.parseFieldsV1("{")).hasMessageContaining("not valid JSON");
        assertThat(FieldSet.parseFieldsV1("{}").isEmpty()).isTrue();
        assertThat(List.of(FieldSet.parseFieldsV1("{\"f:a\":{\".\":{}}}").paths().getFirst().toString()))
                .containsExactly(".a");
    }
}
