package dev.jube.bench;

/** Request bodies of the benchmark's objects: a small ConfigMap and a one-container Pod. */
final class Bodies {

    private static final String VALUE = "x".repeat(100);

    private Bodies() {}

    static String namespace(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"bench\"}},\"data\":{\"key\":\"" + VALUE + "\"}}";
    }

    static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"bench\",\"tier\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"registry.example/app:1.0\",\"ports\":[{\"containerPort\":8080}],"
                + "\"env\":[{\"name\":\"MODE\",\"value\":\"bench\"}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}";
    }

    static String dataPatch(long value) {
        return "{\"data\":{\"counter\":\"" + value + "\"}}";
    }
}
