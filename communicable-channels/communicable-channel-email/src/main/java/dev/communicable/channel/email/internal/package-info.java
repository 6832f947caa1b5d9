/** Email adapter internals. Not API: may change in any release without notice. */
@NullMarked
package dev.communicable.channel.email.internal;

import org.jspecify.annotations.NullMarked;
