package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Service;
import dev.jube.kubelet.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The docker-link style variables upstream gives every container for each Service it can see. */
final class ServiceEnv {

    private ServiceEnv() {}

    /**
     * Variables for the services of the pod's namespace and, as upstream does, the {@code kubernetes}
     * service of the default namespace; services without a cluster IP (headless, ExternalName) give none.
     */
    static Map<String, String> of(List<Service> namespaceServices, Service masterService, boolean serviceLinks) {
        Map<String, String> env = new LinkedHashMap<>();
        if (serviceLinks) {
            for (Service s : namespaceServices) {
                add(env, s);
            }
        }
        if (masterService != null) {
            add(env, masterService);
        }
        return env;
    }

    private static void add(Map<String, String> env, Service s) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        if (ip == null || ip.isEmpty() || "None".equals(ip) || s.getSpec().getPorts() == null
                || s.getSpec().getPorts().isEmpty()) {
            return;
        }
        String prefix = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        List<ServicePort> ports = s.getSpec().getPorts();
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", Integer.toString(ports.get(0).getPort()));
        for (ServicePort p : ports) {
            if (p.getName() != null && !p.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'),
                        Integer.toString(p.getPort()));
            }
        }
        ServicePort first = ports.get(0);
        env.put(prefix + "_PORT", protocol(first) + "://" + ip + ":" + first.getPort());
        for (ServicePort p : ports) {
            String proto = protocol(p);
            String key = prefix + "_PORT_" + p.getPort() + "_" + proto.toUpperCase(Locale.ROOT);
            env.put(key, proto + "://" + ip + ":" + p.getPort());
            env.put(key + "_PROTO", proto);
            env.put(key + "_PORT", Integer.toString(p.getPort()));
            env.put(key + "_ADDR", ip);
        }
    }

    private static String protocol(ServicePort p) {
        return p.getProtocol() == null ? "tcp" : p.getProtocol().toLowerCase(Locale.ROOT);
    }
}
