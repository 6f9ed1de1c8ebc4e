package dev.jube.apiserver.registry.kinds;

import java.util.Objects;

/**
 * Where Services get their virtual IPs and node ports from: an IPv4 CIDR (10.96.0.0/12 by default;
 * its first address goes to the {@code kubernetes} Service) and a node port range (30000-32767).
 */
public record ServiceRanges(String clusterIpCidr, int nodePortMin, int nodePortMax) {

    public static final ServiceRanges DEFAULT = new ServiceRanges("10.96.0.0/12", 30000, 32767);

    public ServiceRanges {
        Objects.requireNonNull(clusterIpCidr, "clusterIpCidr");
        IpRange.parse(clusterIpCidr);
        if (nodePortMin < 1 || nodePortMax > 65535 || nodePortMin > nodePortMax) {
            throw new IllegalArgumentException("invalid node port range: " + nodePortMin + "-" + nodePortMax);
        }
    }

    public IpRange ipRange() {
        return IpRange.parse(clusterIpCidr);
    }

    /** The address of the {@code kubernetes} Service: the first usable one of the range. */
    public String apiServerServiceIp() {
        return ipRange().address(1);
    }

    public String nodePortRange() {
        return nodePortMin + "-" + nodePortMax;
    }

    /** An IPv4 CIDR: addresses by offset from the network address. */
    public record IpRange(long base, int prefix, String cidr) {

        public static IpRange parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a CIDR: " + cidr);
            }
            long addr = parseIp(cidr.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR: " + cidr);
            }
            if (addr < 0 || prefix < 8 || prefix > 30) {
                throw new IllegalArgumentException("service IP range must be an IPv4 CIDR with a prefix of 8 to 30: "
                        + cidr);
            }
            long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new IpRange(addr & mask, prefix, cidr);
        }

        /** Number of addresses, including network and broadcast. */
        public long size() {
            return 1L << (32 - prefix);
        }

        public String address(long offset) {
            return format(base + offset);
        }

        /** The offset of an address in the range, or -1 when outside (network and broadcast count as outside). */
        public long offset(String ip) {
            long v = parseIp(ip);
            if (v < 0) {
                return -1;
            }
            long off = v - base;
            return off > 0 && off < size() - 1 ? off : -1;
        }

        /** The address as a number, or -1 when it is not a dotted IPv4 address. */
        public static long parseIp(String ip) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) {
                return -1;
            }
            long v = 0;
            for (String p : parts) {
                if (!p.matches("[0-9]{1,3}") || p.length() > 1 && p.startsWith("0")) {
                    return -1;
                }
                int n = Integer.parseInt(p);
                if (n > 255) {
                    return -1;
                }
                v = v << 8 | n;
            }
            return v;
        }

        static String format(long v) {
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        }
    }
}
