package dev.promptly.worker.cache;

import dev.promptly.worker.llm.ChatCompletion;

/**
 * An earlier answer close enough to the request.
 *
 * @param completion the earlier answer, with the tokens it took
 * @param similarity the cosine similarity of the two requests' embeddings
 */
public record SemanticHit(ChatCompletion completion, double similarity) {}
