package dev.jube.apiserver.endpoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a resource request path says, parsed as upstream's request-info resolver does:
 * {@code /api/v1/[watch/][namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]} and the same under
 * {@code /apis/GROUP/VERSION}. Non-resource paths give null.
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
                          String subresource, String verb) {

    /** Subresources of a namespace that are addressed as namespaces/NAME/SUB. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    public static RequestInfo parse(String method, String path, boolean watchParam) {
        List<String> parts = new ArrayList<>(Arrays.asList(trim(path).split("/")));
        if (parts.isEmpty() || parts.getFirst().isEmpty()) {
            return null;
        }
        String group;
        String version;
        if (parts.getFirst().equals("api") && parts.size() >= 2) {
            group = "";
            version = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.getFirst().equals("apis") && parts.size() >= 3) {
            group = parts.get(1);
            version = parts.get(2);
            parts = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (parts.isEmpty()) {
            return null;
        }
        boolean legacyWatch = false;
        if (parts.getFirst().equals("watch")) {
            legacyWatch = true;
            parts = parts.subList(1, parts.size());
            if (parts.isEmpty()) {
                return null;
            }
        }
        String namespace = null;
        if (parts.getFirst().equals("namespaces") && parts.size() >= 2) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }
        if (parts.size() > 3) {
            return null;
        }
        String resource = parts.getFirst();
        String name = parts.size() >= 2 ? parts.get(1) : null;
        String subresource = parts.size() >= 3 ? parts.get(2) : null;
        if (resource.equals("namespaces") && namespace != null) {
            // /api/v1/namespaces/NAME is the namespace object itself, which has no namespace.
            name = namespace;
            namespace = null;
        }
        String verb = verb(method, name != null, legacyWatch || watchParam);
        return new RequestInfo(group, version, namespace, resource, name, subresource, verb);
    }

    private static String verb(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    private static String trim(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
