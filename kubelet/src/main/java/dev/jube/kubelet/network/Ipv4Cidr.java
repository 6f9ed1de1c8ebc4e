package dev.jube.kubelet.network;

/** An IPv4 prefix such as 10.244.1.0/24, normalised to its network address. */
public record Ipv4Cidr(int network, int prefixLength) {

    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        if (prefix < 0 || prefix > 30) {
            throw new IllegalArgumentException("IPv4 CIDR prefix must be 0..30 to hold pods: " + text);
        }
        int address = parseAddress(text.substring(0, slash));
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new Ipv4Cidr(address & mask, prefix);
    }

    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int a = 0;
        for (String p : parts) {
            int v;
            try {
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            a = (a << 8) | v;
        }
        return a;
    }

    public static String format(int address) {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }

    public String firstHost() {
        return format(network + 1);
    }

    public boolean contains(String address) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (parseAddress(address) & mask) == network;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
