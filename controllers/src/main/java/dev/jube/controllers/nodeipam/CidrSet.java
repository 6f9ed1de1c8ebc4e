package dev.jube.controllers.nodeipam;

import java.util.BitSet;

/**
 * The /N blocks of an IPv4 cluster CIDR (upstream's cidrset): hands out free blocks in turn
 * and takes back released ones. Not thread-safe; the controller serialises access.
 */
public final class CidrSet {

    private final int base;
    private final int clusterPrefix;
    private final int nodePrefix;
    private final int size;
    private final BitSet used;
    private int next;

    /**
     * @param clusterCidr e.g. 10.42.0.0/16
     * @param nodeMaskSize the prefix length of each node's block, e.g. 24
     */
    public CidrSet(String clusterCidr, int nodeMaskSize) {
        int slash = clusterCidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + clusterCidr);
        }
        clusterPrefix = Integer.parseInt(clusterCidr.substring(slash + 1));
        if (clusterPrefix < 0 || clusterPrefix > 32 || nodeMaskSize < clusterPrefix || nodeMaskSize > 32) {
            throw new IllegalArgumentException("node mask size /" + nodeMaskSize + " does not fit in " + clusterCidr);
        }
        if (nodeMaskSize - clusterPrefix > 24) {
            throw new IllegalArgumentException("too many node blocks in " + clusterCidr + " for /" + nodeMaskSize);
        }
        base = parseIp(clusterCidr.substring(0, slash)) & mask(clusterPrefix);
        nodePrefix = nodeMaskSize;
        size = 1 << (nodeMaskSize - clusterPrefix);
        used = new BitSet(size);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static int parseIp(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int v = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = v << 8 | octet;
        }
        return v;
    }

    private String format(int index) {
        int ip = base + (index << (32 - nodePrefix));
        return (ip >>> 24) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255) + "/" + nodePrefix;
    }

    /** The block index of {@code cidr}, or -1 if it is not one of this set's blocks. */
    private int indexOf(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || cidr.indexOf(':') >= 0) {
            return -1;
        }
        int prefix;
        int ip;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
            ip = parseIp(cidr.substring(0, slash));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (prefix != nodePrefix || (ip & mask(clusterPrefix)) != base || (ip & ~mask(nodePrefix)) != 0) {
            return -1;
        }
        return (ip - base) >>> (32 - nodePrefix);
    }

    /** The next free block, or null when every block is taken. */
    public String allocateNext() {
        for (int i = 0; i < size; i++) {
            int candidate = (next + i) % size;
            if (!used.get(candidate)) {
                used.set(candidate);
                next = (candidate + 1) % size;
                return format(candidate);
            }
        }
        return null;
    }

    /** Marks a block taken (e.g. one a node already has); false if it is outside this set. */
    public boolean occupy(String cidr) {
        int i = indexOf(cidr);
        if (i < 0) {
            return false;
        }
        used.set(i);
        return true;
    }

    public boolean isUsed(String cidr) {
        int i = indexOf(cidr);
        return i >= 0 && used.get(i);
    }

    public void release(String cidr) {
        int i = indexOf(cidr);
        if (i >= 0) {
            used.clear(i);
        }
    }

    public int capacity() {
        return size;
    }
}
