/** Engine internals. Not API: may change in any release without notice. */
@NullMarked
package dev.communicable.internal;

import org.jspecify.annotations.NullMarked;
