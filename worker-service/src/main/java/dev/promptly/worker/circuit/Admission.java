package dev.promptly.worker.circuit;

/** What a provider's circuit breaker answers when asked for one call. */
public sealed interface Admission permits CallPermit, Refusal {}
