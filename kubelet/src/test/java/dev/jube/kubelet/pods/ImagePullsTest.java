package dev.jube.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.cri.v1.AuthConfig;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagePullsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The pod's namespace holds these secrets, each a .dockerconfigjson. */
    private static ImagePulls pulls(Map<String, String> dockerConfigs) {
        PodObjects objects = new PodObjects() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return null;
            }

            @Override
            public Secret secret(String namespace, String name) {
                String config = dockerConfigs.get(name);
                return config == null ? null : new Secret(Json.parseObject(
                        "{\"type\":\"kubernetes.io/dockerconfigjson\",\"data\":{\".dockerconfigjson\":\"" + b64(config)
                                + "\"}}"));
            }

            @Override
            public List<Service> services(String namespace) {
                return List.of();
            }
        };
        return new ImagePulls(null, objects, RestartBackOff.defaults());
    }

    private static Pod pod(String... secrets) {
        StringBuilder refs = new StringBuilder();
        for (String s : secrets) {
            refs.append(refs.isEmpty() ? "" : ",").append("{\"name\":\"").append(s).append("\"}");
        }
        return new Pod(Json.parseObject("{\"metadata\":{\"name\":\"p\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"imagePullSecrets\":[" + refs + "],\"containers\":[{\"name\":\"c\"}]}}"));
    }

    @Test
    void credentialsComeFromTheSecretNamingTheImagesRegistry() {
        ImagePulls pulls = pulls(Map.of(
                "other", "{\"auths\":{\"quay.example\":{\"auth\":\"" + b64("no:no") + "\"}}}",
                "regcred", "{\"auths\":{\"https://registry.example:5000/v2/\":{\"auth\":\"" + b64("user:pa:ss") + "\"}}}"));
        AuthConfig auth = pulls.auth(pod("missing", "other", "regcred"), "registry.example:5000/shop/app:1.2");
        assertThat(auth.getServerAddress()).isEqualTo("registry.example:5000");
        assertThat(auth.getUsername()).isEqualTo("user");
        assertThat(auth.getPassword()).isEqualTo("pa:ss");
    }

    @Test
    void usernameAndPasswordFieldsAreReadTooAndOtherRegistriesGetNothing() {
        ImagePulls pulls = pulls(Map.of("regcred",
                "{\"auths\":{\"registry.example\":{\"username\":\"robot\",\"password\":\"s3cret\"}}}"));
        AuthConfig auth = pulls.auth(pod("regcred"), "registry.example/app");
        assertThat(auth.getUsername()).isEqualTo("robot");
        assertThat(auth.getPassword()).isEqualTo("s3cret");
        assertThat(pulls.auth(pod("regcred"), "elsewhere.example/app")).isNull();
        assertThat(pulls.auth(pod(), "registry.example/app")).isNull();
    }
}
