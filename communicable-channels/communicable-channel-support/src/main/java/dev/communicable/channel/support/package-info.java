/**
 * Building blocks for channel adapters that call a provider's HTTP API, shared by the email, SMS,
 * push, webhook and chat adapters and open to plugin authors (see {@code
 * docs/channels/writing-an-adapter.md}):
 *
 * <ul>
 *   <li>{@link dev.communicable.channel.support.ProviderHttp}: one JDK {@code HttpClient} with a
 *       connect and a request timeout, redirects not followed, an owned executor of named threads
 *       stopped by {@code close()}, response bodies read up to a bound, and transport failures
 *       (timeouts, refused connections) turned into {@link
 *       dev.communicable.channel.SendResult.Retryable}.
 *   <li>{@link dev.communicable.channel.support.HttpStatuses}: the common mapping of an HTTP status
 *       to a {@link dev.communicable.channel.SendResult} (408, 429 and 5xx retryable, others
 *       permanent).
 *   <li>{@link dev.communicable.channel.support.RetryAfter}: a {@code Retry-After} header, as
 *       delta-seconds or an HTTP-date measured against an injected {@link java.time.Clock}.
 *   <li>{@link dev.communicable.channel.support.Settings}: typed reading of a {@link
 *       dev.communicable.channel.ChannelAdapterProvider}'s settings, naming the setting in every
 *       error.
 *   <li>{@link dev.communicable.channel.support.ConfigChecks} and {@link
 *       dev.communicable.channel.support.Secrets}: the checks a config builder makes, and secrets
 *       kept out of {@code toString()}.
 *   <li>{@link dev.communicable.channel.support.SignedRequests}: the checks of a provider's signed
 *       callback: a fresh signing timestamp and a signature compared in constant time.
 * </ul>
 */
@NullMarked
package dev.communicable.channel.support;

import org.jspecify.annotations.NullMarked;
