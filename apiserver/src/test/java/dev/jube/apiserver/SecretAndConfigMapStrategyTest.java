package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Secret types, data keys, stringData and immutability; ConfigMap keys and immutability. */
class SecretAndConfigMapStrategyTest {

    private static final String SECRETS = "/api/v1/namespaces/default/secrets";
    private static final String CMS = "/api/v1/namespaces/default/configmaps";

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

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void secretsDefaultToOpaqueAndFoldStringData() throws Exception {
        JsonNode s = api.create(SECRETS, """
                {"metadata":{"name":"plain"},"data":{"a":"%s"},"stringData":{"b":"two","a":"one"}}""".formatted(b64("x")));
        assertThat(s.path("type").asString()).isEqualTo("Opaque");
        assertThat(s.has("stringData")).isFalse();
        assertThat(s.path("data").path("a").asString()).isEqualTo(b64("one"));
        assertThat(s.path("data").path("b").asString()).isEqualTo(b64("two"));
        assertThat(api.mergePatch(SECRETS + "/plain", "{\"type\":\"kubernetes.io/tls\"}").causes())
                .contains("type: Invalid value: \"kubernetes.io/tls\": field is immutable");
    }

    @Test
    void standardSecretTypesNeedTheirKeys() throws Exception {
        assertThat(api.post(SECRETS, "{\"metadata\":{\"name\":\"tls\"},\"type\":\"kubernetes.io/tls\"}").causes())
                .containsExactly("data[tls.crt]: Required value", "data[tls.key]: Required value");
        assertThat(api.post(SECRETS, """
                {"metadata":{"name":"sa"},"type":"kubernetes.io/service-account-token"}""").causes())
                .containsExactly("metadata.annotations[kubernetes.io/service-account.name]: Required value");
        assertThat(api.post(SECRETS, "{\"metadata\":{\"name\":\"ssh\"},\"type\":\"kubernetes.io/ssh-auth\"}").causes())
                .containsExactly("data[ssh-privatekey]: Required value");
        assertThat(api.post(SECRETS, "{\"metadata\":{\"name\":\"ba\"},\"type\":\"kubernetes.io/basic-auth\"}").causes())
                .containsExactly("data[username]: Required value", "data[password]: Required value");
        Api.Reply badJson = api.post(SECRETS, """
                {"metadata":{"name":"reg"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"%s"}}"""
                .formatted(b64("{not json")));
        assertThat(badJson.causes()).singleElement().asString()
                .startsWith("data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": ");
        assertThat(api.post(SECRETS, """
                {"metadata":{"name":"cfg"},"type":"kubernetes.io/dockercfg","data":{}}""").causes())
                .containsExactly("data[.dockercfg]: Required value");
        JsonNode ok = api.create(SECRETS, """
                {"metadata":{"name":"reg-ok"},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"%s"}}"""
                .formatted(b64("{\"auths\":{}}")));
        assertThat(ok.path("type").asString()).isEqualTo("kubernetes.io/dockerconfigjson");
    }

    @Test
    void dataKeysMustBeValidConfigKeys() throws Exception {
        Api.Reply r = api.post(CMS, "{\"metadata\":{\"name\":\"keys\"},\"data\":{\"bad/key\":\"v\",\"..x\":\"v\"}}");
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.causes()).anySatisfy(c -> assertThat(c).startsWith(
                "data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters"));
        assertThat(r.causes()).contains("data[..x]: Invalid value: \"..x\": must not start with '..'");
        Api.Reply both = api.post(CMS, "{\"metadata\":{\"name\":\"both\"},\"data\":{\"k\":\"v\"},\"binaryData\":{\"k\":\"dg==\"}}");
        assertThat(both.causes()).containsExactly("data[k]: Invalid value: \"k\": duplicate of key present in binaryData");
        Api.Reply secret = api.post(SECRETS, "{\"metadata\":{\"name\":\"keys\"},\"data\":{\"a b\":\"dg==\"}}");
        assertThat(secret.causes()).singleElement().asString().startsWith("data[a b]: Invalid value: \"a b\"");
    }

    @Test
    void immutableObjectsKeepTheirData() throws Exception {
        api.create(CMS, "{\"metadata\":{\"name\":\"frozen\"},\"immutable\":true,\"data\":{\"a\":\"1\"}}");
        assertThat(api.mergePatch(CMS + "/frozen", "{\"data\":{\"a\":\"2\"}}").causes())
                .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
        assertThat(api.mergePatch(CMS + "/frozen", "{\"immutable\":false}").causes())
                .containsExactly("immutable: Forbidden: field is immutable when `immutable` is set");
        assertThat(api.mergePatch(CMS + "/frozen", "{\"metadata\":{\"labels\":{\"ok\":\"yes\"}}}").code()).isEqualTo(200);

        api.create(SECRETS, "{\"metadata\":{\"name\":\"frozen\"},\"immutable\":true,\"data\":{\"a\":\"dg==\"}}");
        assertThat(api.mergePatch(SECRETS + "/frozen", "{\"stringData\":{\"a\":\"new\"}}").causes())
                .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
    }
}
