package dev.jube.apiserver.endpoints;

/**
 * The object logic the handlers delegate to: selectors, patches and name rules. The defaults are
 * minimal stand-ins; the api library's implementations replace them by passing another instance
 * to the server configuration.
 */
public record ApiPlugins(SelectorSupport selectors, PatchSupport patches, NameValidator names) {

    public static ApiPlugins defaults() {
        return new ApiPlugins(new MinimalSelectors(), new MinimalPatches(), new MinimalNameValidator());
    }

    public ApiPlugins withSelectors(SelectorSupport s) {
        return new ApiPlugins(s, patches, names);
    }

    public ApiPlugins withPatches(PatchSupport p) {
        return new ApiPlugins(selectors, p, names);
    }

    public ApiPlugins withNames(NameValidator n) {
        return new ApiPlugins(selectors, patches, n);
    }
}
