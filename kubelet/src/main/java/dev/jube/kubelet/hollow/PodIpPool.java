package dev.jube.kubelet.hollow;

import java.util.BitSet;

/**
 * Pod addresses of one node's podCIDR. The network address, the first host (the node's bridge on a
 * real node) and the broadcast address are never handed out. The bit set is made on first use, so
 * idle hollow nodes cost nothing.
 */
final class PodIpPool {

    private final Ipv4.Cidr cidr;
    private BitSet used;
    private int next = 2;

    PodIpPool(Ipv4.Cidr cidr) {
        this.cidr = cidr;
    }

    synchronized String allocate() {
        int size = (int) Math.min(cidr.size(), 1 << 16);
        if (used == null) {
            used = new BitSet(size);
        }
        for (int i = 0; i < size; i++) {
            int candidate = 2 + Math.floorMod(next - 2 + i, size - 3);
            if (!used.get(candidate)) {
                used.set(candidate);
                next = candidate + 1;
                return Ipv4.format(cidr.base() + candidate);
            }
        }
        throw new IllegalStateException("no pod address left in " + cidr);
    }

    synchronized void release(String ip) {
        if (ip == null || used == null) {
            return;
        }
        long offset = Ipv4.parse(ip) - cidr.base();
        if (offset >= 0 && offset < cidr.size()) {
            used.clear((int) offset);
        }
    }

    Ipv4.Cidr cidr() {
        return cidr;
    }
}
