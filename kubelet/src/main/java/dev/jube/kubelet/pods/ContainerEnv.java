package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.ConfigMapKeySelector;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.EnvFromSource;
import dev.jube.kubelet.model.EnvVar;
import dev.jube.kubelet.model.EnvVarSource;
import dev.jube.kubelet.model.Pod;
import dev.jube.api.Quantity;
import dev.jube.kubelet.model.ResourceFieldSelector;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.SecretKeySelector;
import dev.jube.kubelet.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container's environment, built in upstream's order: envFrom sources, then env entries (their
 * {@code $(VAR)} references see the variables declared before them and the service variables),
 * then the service variables that nothing declared.
 */
public final class ContainerEnv {

    /** Upstream accepts any printable name without '=' for env; envFrom keys that are not skipped. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final PodObjects objects;
    private final Map<String, Quantity> allocatable;

    public ContainerEnv(PodObjects objects, Map<String, Quantity> allocatable) {
        this.objects = objects;
        this.allocatable = allocatable;
    }

    public Map<String, String> resolve(Pod pod, Container c) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        boolean links = pod.getSpec().getEnableServiceLinks() == null || pod.getSpec().getEnableServiceLinks();
        Service master = "default".equals(ns) ? null : masterService();
        Map<String, String> services = ServiceEnv.of(objects.services(ns), master, links);
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                addSource(env, ns, from);
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                String value = v.getValueFrom() != null ? valueFrom(pod, c, v.getValueFrom())
                        : VarExpansion.expand(v.getValue() == null ? "" : v.getValue(), name -> {
                            String known = env.get(name);
                            return known != null ? known : services.get(name);
                        });
                if (value != null) {
                    env.put(v.getName(), value);
                }
            }
        }
        services.forEach(env::putIfAbsent);
        return env;
    }

    private Service masterService() {
        for (Service s : objects.services("default")) {
            if ("kubernetes".equals(s.getMetadata().getName())) {
                return s;
            }
        }
        return null;
    }

    private void addSource(Map<String, String> env, String ns, EnvFromSource from) throws ContainerConfigException {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
            String name = from.getConfigMapRef().getName();
            ConfigMap cm = objects.configMap(ns, name);
            if (cm == null) {
                if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    return;
                }
                throw new ContainerConfigException("configmap \"" + name + "\" not found");
            }
            if (cm.getData() != null) {
                cm.getData().forEach((k, v) -> putValid(env, prefix + k, v));
            }
        } else if (from.getSecretRef() != null) {
            String name = from.getSecretRef().getName();
            Secret s = objects.secret(ns, name);
            if (s == null) {
                if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    return;
                }
                throw new ContainerConfigException("secret \"" + name + "\" not found");
            }
            secretData(s).forEach((k, v) -> putValid(env, prefix + k, v));
        }
    }

    /** Keys that are not valid variable names are skipped, as upstream skips them with an event. */
    private static void putValid(Map<String, String> env, String key, String value) {
        if (ENV_NAME.matcher(key).matches()) {
            env.put(key, value);
        }
    }

    private String valueFrom(Pod pod, Container c, EnvVarSource src) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (src.getFieldRef() != null) {
            return DownwardApi.field(pod, src.getFieldRef().getFieldPath());
        }
        if (src.getResourceFieldRef() != null) {
            ResourceFieldSelector ref = src.getResourceFieldRef();
            Container target = c;
            if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
                target = pod.getSpec().getContainers().stream().filter(x -> ref.getContainerName().equals(x.getName()))
                        .findFirst().orElse(c);
            }
            return DownwardApi.resource(target, ref.getResource(), ref.getDivisor(), allocatable);
        }
        if (src.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = src.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap cm = objects.configMap(ns, ref.getName());
            if (cm == null) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
            }
            String v = cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (v == null && !optional) {
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/"
                        + ref.getName());
            }
            return v;
        }
        if (src.getSecretKeyRef() != null) {
            SecretKeySelector ref = src.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret s = objects.secret(ns, ref.getName());
            if (s == null) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
            }
            String v = secretData(s).get(ref.getKey());
            if (v == null && !optional) {
                throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/"
                        + ref.getName());
            }
            return v;
        }
        return "";
    }

    /** A Secret's values decoded; stringData is folded into data by the API server before we read it. */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v),
                    StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }
}
