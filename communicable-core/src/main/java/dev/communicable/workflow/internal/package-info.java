/**
 * Workflow internals: the condition language's parser and evaluator, the JSON reader and writer,
 * the definition service. Not API: may change without notice.
 */
@NullMarked
package dev.communicable.workflow.internal;

import org.jspecify.annotations.NullMarked;
