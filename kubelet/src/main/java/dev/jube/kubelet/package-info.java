/** The node agent. {@link dev.jube.kubelet.hollow} simulates nodes without containers. */
package dev.jube.kubelet;
