package dev.jube.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Decoding of the protobuf shapes typed clients send, built here byte by byte as Go encodes them. */
class KubeProtobufTest {

    /** A minimal protobuf writer: fields in the order given. */
    static final class Msg {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Msg string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Msg msg(int field, Msg m) {
            return bytes(field, m.out.toByteArray());
        }

        Msg bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Msg entry(int field, String key, Msg value) {
            return msg(field, new Msg().string(1, key).msg(2, value));
        }

        private void tag(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] envelope(String apiVersion, String kind) {
            Msg unknown = new Msg().msg(1, new Msg().string(1, apiVersion).string(2, kind)).bytes(2, out.toByteArray())
                    .string(3, "").string(4, "");
            byte[] body = unknown.out.toByteArray();
            byte[] framed = new byte[body.length + 4];
            framed[0] = 0x6b;
            framed[1] = 0x38;
            framed[2] = 0x73;
            System.arraycopy(body, 0, framed, 4, body.length);
            return framed;
        }
    }

    private static Msg meta(String name) {
        return new Msg().string(1, name).string(2, "").string(3, "").varint(7, 0).msg(8, new Msg());
    }

    @Test
    void servicePortsWithIntOrStringTargets() {
        Msg port = new Msg().string(1, "http").string(2, "TCP").varint(3, 80)
                .msg(4, new Msg().varint(1, 0).varint(2, 8080).string(3, "")).varint(5, 0).string(6, "");
        Msg named = new Msg().string(1, "metrics").string(2, "TCP").varint(3, 9090)
                .msg(4, new Msg().varint(1, 1).varint(2, 0).string(3, "web")).varint(5, 0);
        Msg spec = new Msg().msg(1, port).msg(1, named).msg(2, new Msg().string(1, "app").string(2, "web"))
                .string(3, "").string(4, "ClusterIP").string(7, "")
                .varint(13, 0); // publishNotReadyAddresses=false: a zero value, skipped
        Msg status = new Msg().msg(1, new Msg());
        ObjectNode svc = KubeProtobuf.decode(new Msg().msg(1, meta("web")).msg(2, spec).msg(3, status)
                .envelope("v1", "Service"));
        assertThat(svc.path("kind").asString()).isEqualTo("Service");
        assertThat(svc.path("metadata").path("name").asString()).isEqualTo("web");
        assertThat(svc.path("spec").path("type").asString()).isEqualTo("ClusterIP");
        assertThat(svc.path("spec").has("clusterIP")).isFalse();
        assertThat(svc.path("spec").path("selector").path("app").asString()).isEqualTo("web");
        assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(8080);
        assertThat(svc.path("spec").path("ports").get(0).has("nodePort")).isFalse();
        assertThat(svc.path("spec").path("ports").get(1).path("targetPort").asString()).isEqualTo("web");
    }

    @Test
    void deploymentsWithQuantitiesAndIntOrStringPointers() {
        Msg resources = new Msg().entry(1, "cpu", new Msg().string(1, "500m"))
                .entry(2, "memory", new Msg().string(1, "64Mi"));
        Msg container = new Msg().string(1, "nginx").string(2, "nginx:1.27").string(5, "").msg(8, resources)
                .string(13, "").string(14, "").varint(16, 0).varint(17, 0).varint(18, 0).string(20, "");
        Msg podSpec = new Msg().msg(2, container).string(3, "").string(6, "").varint(11, 0);
        Msg template = new Msg().msg(1, meta("").msg(11, new Msg().string(1, "app").string(2, "web")))
                .msg(2, podSpec);
        Msg strategy = new Msg().string(1, "RollingUpdate").msg(2, new Msg()
                .msg(1, new Msg().varint(1, 0).varint(2, 0).string(3, ""))
                .msg(2, new Msg().varint(1, 1).varint(2, 0).string(3, "50%")));
        Msg spec = new Msg().varint(1, 3).msg(2, new Msg().msg(1, new Msg().string(1, "app").string(2, "web")))
                .msg(3, template).msg(4, strategy).varint(5, 0).varint(7, 0);
        Msg status = new Msg().varint(1, 0).varint(2, 0).varint(3, 0);
        ObjectNode d = KubeProtobuf.decode(new Msg().msg(1, meta("web")).msg(2, spec).msg(3, status)
                .envelope("apps/v1", "Deployment"));
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(d.path("spec").path("selector").path("matchLabels").path("app").asString()).isEqualTo("web");
        var c = d.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(c.path("resources").path("limits").path("cpu").asString()).isEqualTo("500m");
        assertThat(c.path("resources").path("requests").path("memory").asString()).isEqualTo("64Mi");
        assertThat(c.has("stdin")).isFalse();
        var rolling = d.path("spec").path("strategy").path("rollingUpdate");
        assertThat(rolling.path("maxUnavailable").isIntegralNumber()).isTrue();
        assertThat(rolling.path("maxUnavailable").asInt()).as("a pointer IntOrString keeps 0").isZero();
        assertThat(rolling.path("maxSurge").asString()).isEqualTo("50%");
    }

    @Test
    void ingressRulesInlineTheirValue() {
        Msg backend = new Msg().msg(4, new Msg().string(1, "svc").msg(2, new Msg().string(1, "").varint(2, 8080)));
        Msg path = new Msg().string(1, "/api").msg(2, backend).string(3, "Prefix");
        Msg rule = new Msg().string(1, "foo.com").msg(2, new Msg().msg(1, new Msg().msg(1, path)));
        Msg spec = new Msg().msg(3, rule).string(4, "nginx");
        ObjectNode ing = KubeProtobuf.decode(new Msg().msg(1, meta("ing")).msg(2, spec).msg(3, new Msg())
                .envelope("networking.k8s.io/v1", "Ingress"));
        var r = ing.path("spec").path("rules").get(0);
        assertThat(r.path("host").asString()).isEqualTo("foo.com");
        assertThat(r.path("http").path("paths").get(0).path("backend").path("service").path("port").path("number")
                .asInt()).isEqualTo(8080);
        assertThat(ing.path("spec").path("ingressClassName").asString()).isEqualTo("nginx");
    }

    @Test
    void unknownFieldsWithValuesAreRefused() {
        byte[] body = new Msg().msg(1, meta("a")).varint(2, 5).string(99, "surprise")
                .envelope("scheduling.k8s.io/v1", "PriorityClass");
        assertThatThrownBy(() -> KubeProtobuf.decode(body)).isInstanceOf(KubeProtobuf.ProtobufException.class)
                .hasMessageContaining("protobuf field 99 of PriorityClass is not known to this server");
        byte[] wrongWire = new Msg().msg(1, meta("a")).string(2, "5").envelope("scheduling.k8s.io/v1", "PriorityClass");
        assertThatThrownBy(() -> KubeProtobuf.decode(wrongWire)).isInstanceOf(KubeProtobuf.ProtobufException.class)
                .hasMessageContaining("(value) of PriorityClass has wire type 2, expected 0");
        byte[] v2 = new Msg().msg(1, meta("a")).envelope("autoscaling/v2", "HorizontalPodAutoscaler");
        assertThatThrownBy(() -> KubeProtobuf.decode(v2)).isInstanceOf(KubeProtobuf.ProtobufException.class)
                .hasMessageContaining("HorizontalPodAutoscaler");
    }
}
