/** The workflow runtime's internals: not API, may change without notice. */
@NullMarked
package dev.communicable.workflow.internal;

import org.jspecify.annotations.NullMarked;
