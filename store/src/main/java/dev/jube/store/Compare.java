package dev.jube.store;

/**
 * One condition of a transaction: {@code target(key) result value}. An absent key has version,
 * create and mod revision 0, so {@code VERSION EQUAL 0} means "does not exist".
 */
public record Compare(String key, Target target, Result result, long value) {

    public enum Target { VERSION, CREATE, MOD, LEASE }

    public enum Result { EQUAL, NOT_EQUAL, GREATER, LESS }

    public Compare {
        if (key == null || target == null || result == null) {
            throw new IllegalArgumentException("key, target and result are required");
        }
    }

    public static Compare absent(String key) {
        return new Compare(key, Target.VERSION, Result.EQUAL, 0);
    }

    public static Compare exists(String key) {
        return new Compare(key, Target.VERSION, Result.GREATER, 0);
    }

    public static Compare modRevision(String key, long rev) {
        return new Compare(key, Target.MOD, Result.EQUAL, rev);
    }

    /** Evaluates this condition against a key's current state (null when absent). */
    public boolean matches(KeyValue kv) {
        long actual = switch (target) {
            case VERSION -> kv == null ? 0 : kv.version();
            case CREATE -> kv == null ? 0 : kv.createRevision();
            case MOD -> kv == null ? 0 : kv.modRevision();
            case LEASE -> kv == null ? 0 : kv.lease();
        };
        return switch (result) {
            case EQUAL -> actual == value;
            case NOT_EQUAL -> actual != value;
            case GREATER -> actual > value;
            case LESS -> actual < value;
        };
    }
}
