/**
 * Test doubles for adapters that call an HTTP API: {@link
 * dev.communicable.testkit.http.ProviderStub} is a real local HTTP server standing in for a
 * provider, recording every request and answering as the test scripts it. See {@code
 * docs/testkit.md}.
 */
@NullMarked
package dev.communicable.testkit.http;

import org.jspecify.annotations.NullMarked;
