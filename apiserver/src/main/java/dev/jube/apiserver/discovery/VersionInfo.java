package dev.jube.apiserver.discovery;

import dev.jube.apiserver.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The /version document: the Kubernetes version whose API this server implements. */
public final class VersionInfo {

    public static final String MAJOR = "1";
    public static final String MINOR = "32";
    public static final String GIT_VERSION = "v1.32.0-jube";

    private VersionInfo() {}

    public static ObjectNode document() {
        ObjectNode v = Json.object();
        v.put("major", MAJOR);
        v.put("minor", MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "1970-01-01T00:00:00Z");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "jube");
        v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return v;
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
