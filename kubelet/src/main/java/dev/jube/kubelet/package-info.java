/**
 * The node agent. {@link dev.jube.kubelet.hollow} simulates nodes without containers. Real nodes run
 * containers through containerd: {@link dev.jube.kubelet.containerd} starts and supervises it,
 * {@link dev.jube.kubelet.cri} speaks the CRI to it over {@link dev.jube.kubelet.grpc},
 * {@link dev.jube.kubelet.network} configures the pod network, {@link dev.jube.kubelet.images} builds
 * and imports local images, and
 * {@link dev.jube.kubelet.host} checks and installs the host packages.
 */
package dev.jube.kubelet;
