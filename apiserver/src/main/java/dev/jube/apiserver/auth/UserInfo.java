package dev.jube.apiserver.auth;

import java.util.List;

/** Who made a request, as authentication established it. */
public record UserInfo(String name, String uid, List<String> groups) {

    public UserInfo {
        groups = List.copyOf(groups);
    }
}
