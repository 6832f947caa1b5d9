/** Channel support internals. Not API: may change in any release without notice. */
@NullMarked
package dev.communicable.channel.support.internal;

import org.jspecify.annotations.NullMarked;
