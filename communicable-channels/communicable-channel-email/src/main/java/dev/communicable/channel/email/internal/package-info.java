/** Email adapter internals. Not API: may change in any release without notice. */
package dev.communicable.channel.email.internal;
