/** Network measurements beyond this host's interfaces: round-trip latency and loss to hosts. */
package dev.vigil.collect.network;
