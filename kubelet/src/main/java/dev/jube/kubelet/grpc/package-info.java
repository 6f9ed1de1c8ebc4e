/**
 * A small gRPC client for unary calls over HTTP/2 without TLS: the CRI to containerd over its Unix
 * socket and the gRPC health probe to a container's port.
 */
package dev.jube.kubelet.grpc;
