package dev.jube.kubelet.hollow;

/** IPv4 addresses as unsigned ints, and CIDR ranges parsed from text. */
final class Ipv4 {

    private Ipv4() {}

    record Cidr(long base, int prefix) {
        long size() {
            return 1L << (32 - prefix);
        }

        @Override
        public String toString() {
            return format(base) + "/" + prefix;
        }
    }

    static Cidr parseCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR range (address/prefix): " + text);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in CIDR range: " + text);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of 0..32 in CIDR range: " + text);
        }
        long addr = parse(text.substring(0, slash));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((addr & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("CIDR range has host bits set: " + text);
        }
        return new Cidr(addr, prefix);
    }

    static long parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    static String format(long addr) {
        return ((addr >>> 24) & 255) + "." + ((addr >>> 16) & 255) + "." + ((addr >>> 8) & 255) + "." + (addr & 255);
    }
}
