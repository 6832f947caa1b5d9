/**
 * Discovery of the push adapter from settings. Not API: may change without notice; use {@link
 * dev.communicable.channel.push.PushAdapters}.
 */
@NullMarked
package dev.communicable.channel.push.internal;

import org.jspecify.annotations.NullMarked;
