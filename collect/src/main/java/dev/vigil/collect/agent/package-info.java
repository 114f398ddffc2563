/**
 * Agent mode: what the collectors, probes and scrapes of a host measure is not stored locally but
 * forwarded by Prometheus remote write to a Vigil server or any compatible receiver, through a
 * {@link dev.vigil.collect.agent.DiskQueue} that survives restarts and outages of the receiver. See
 * docs/collectors.md, "Agent mode", and docs/formats/agent-queue.md for the queue's files.
 */
package dev.vigil.collect.agent;
