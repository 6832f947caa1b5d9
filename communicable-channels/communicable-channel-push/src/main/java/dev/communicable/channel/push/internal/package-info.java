/**
 * Discovery of the push adapter from settings. Not API: may change without notice; use {@link
 * dev.communicable.channel.push.PushAdapters}.
 */
package dev.communicable.channel.push.internal;
