package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a static CSV file in upstream's format: {@code token,user,uid,"group1,group2"}
 * (the groups column is optional).
 */
public final class TokenFileAuthenticator implements Authenticator {

    private final Map<String, UserInfo> users;

    private TokenFileAuthenticator(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    /** Reads the file; fails with a message naming the line for malformed content. */
    public static TokenFileAuthenticator load(Path file) throws IOException {
        Map<String, UserInfo> users = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = csv(line, file, i + 1);
            if (fields.size() < 3) {
                throw new IOException(file + " line " + (i + 1) + ": expected token,user,uid[,\"groups\"] but found "
                        + fields.size() + " field(s)");
            }
            String token = fields.get(0);
            if (token.isEmpty() || fields.get(1).isEmpty()) {
                throw new IOException(file + " line " + (i + 1) + ": token and user must not be empty");
            }
            List<String> groups = new ArrayList<>();
            if (fields.size() > 3) {
                for (String g : fields.get(3).split(",")) {
                    if (!g.isBlank()) {
                        groups.add(g.strip());
                    }
                }
            }
            groups.add("system:authenticated");
            if (users.put(token, new UserInfo(fields.get(1), fields.get(2), groups)) != null) {
                throw new IOException(file + " line " + (i + 1) + ": duplicate token");
            }
        }
        return new TokenFileAuthenticator(users);
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = auth.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, UserInfo> e : users.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private static List<String> csv(String line, Path file, int lineNo) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IOException(file + " line " + lineNo + ": unterminated quoted field");
        }
        fields.add(cur.toString());
        return fields;
    }
}
