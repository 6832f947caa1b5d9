/**
 * Contract suites every implementation of a Communicable SPI must pass: extend the abstract class
 * for your SPI in a test, implement its factory method, and JUnit 5 runs the whole contract against
 * your implementation. See {@code docs/testkit.md}.
 *
 * <ul>
 *   <li>{@link dev.communicable.testkit.DeliveryStoreContract} for {@code spi.DeliveryStore}
 *   <li>{@link dev.communicable.testkit.TemplateStoreContract} for {@code spi.TemplateStore}
 *   <li>{@link dev.communicable.testkit.PreferenceStoreContract} for {@code spi.PreferenceStore}
 *   <li>{@link dev.communicable.testkit.InboxStoreContract} for {@code spi.InboxStore}
 *   <li>{@link dev.communicable.testkit.DeviceStoreContract} for {@code spi.DeviceStore}
 *   <li>{@link dev.communicable.testkit.ThrottlerContract} for {@code spi.Throttler}
 *   <li>{@link dev.communicable.testkit.TenantBudgetsContract} for {@code spi.TenantBudgets}
 *   <li>{@link dev.communicable.testkit.EventBusContract} for {@code spi.EventBus}
 *   <li>{@link dev.communicable.testkit.ChannelAdapterContract} for {@code channel.ChannelAdapter}
 * </ul>
 *
 * <p>{@link dev.communicable.testkit.TestData} hands out builders of messages, deliveries and
 * outbound messages already filled in with sensible values, for these suites and for your own
 * tests.
 */
@NullMarked
package dev.communicable.testkit;

import org.jspecify.annotations.NullMarked;
