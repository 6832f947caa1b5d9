package dev.communicable.channel;

import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ChannelAdapter} from settings; the form {@link java.util.ServiceLoader} finds.
 * List implementations in {@code
 * META-INF/services/dev.communicable.channel.ChannelAdapterProvider}.
 *
 * <p>Settings are looked up by dotted names such as {@code communicable.sendgrid.api-key}; {@link
 * ChannelAdapters#discover()} reads them from system properties, then from environment variables of
 * the upper-case form ({@code COMMUNICABLE_SENDGRID_API_KEY}).
 */
public interface ChannelAdapterProvider {

  /**
   * The adapter, or empty when its required settings are absent (the provider is simply not
   * configured on this machine).
   *
   * @param settings a lookup returning null for an absent setting
   * @throws dev.communicable.InvalidRequestException when a setting is present but wrong, naming it
   */
  Optional<ChannelAdapter> create(Function<String, @Nullable String> settings);
}
