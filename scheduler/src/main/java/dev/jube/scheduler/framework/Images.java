package dev.jube.scheduler.framework;

/** Image name handling shared by the node cache and ImageLocality. */
public final class Images {

    private Images() {}

    /** Adds the ":latest" tag an image reference without tag or digest implies. */
    public static String normalize(String image) {
        if (image == null) {
            return "";
        }
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        if (last.contains(":") || last.contains("@")) {
            return image;
        }
        return image + ":latest";
    }
}
